package dev.sluice.exec;

import dev.sluice.api.RunStatus;
import dev.sluice.api.StepStatus;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.pipeline.PipelineBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cache keys a workspace knows of are loaded once per process, not once per run, and a run still finds every
 * step another run recorded: in the same process (an always-on server) at once, from another process (a second
 * workspace object on the same folder) at once for a small run, which looks its keys up by index.
 */
class KnownCacheKeysTest {
    @TempDir
    Path home;
    @TempDir
    Path dir;

    /** {@code width} independent steps (big enough for the filter when above {@link KnownCacheKeys#WORTH_LOADING}). */
    private Pipeline fan(int width, String text) {
        return fan("fan", width, text);
    }

    /** The same steps under another pipeline name: its cache hits come through the keys, not the pipeline's last runs. */
    private Pipeline fan(String name, int width, String text) {
        PipelineBuilder p = Pipeline.builder(name).baseDir(dir);
        for (int i = 0; i < width; i++) {
            int n = i;
            p.step("s" + i, s -> s.uses(Chain.Source.class.getName()).with("text", text + n));
        }
        return p.build();
    }

    private static RunResult run(Workspace ws, Pipeline p) {
        return new LocalExecutor(new RunOptions(2, false, ws.home()), ws).run(p, RunListener.NONE);
    }

    private static Map<StepStatus, Long> statuses(RunResult r) {
        return r.steps().stream().collect(Collectors.groupingBy(StepResult::status, Collectors.counting()));
    }

    @Test
    void aSecondBigRunInTheSameProcessFindsWhatTheFirstRecorded() {
        int width = KnownCacheKeys.WORTH_LOADING + 6;
        try (Workspace ws = Workspace.open(home)) {
            RunResult first = run(ws, fan(width, "a"));
            assertThat(first.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(statuses(first)).containsEntry(StepStatus.SUCCEEDED, (long) width);

            RunResult again = run(ws, fan(width, "a"));
            assertThat(statuses(again)).as("every step from the cache").containsEntry(StepStatus.CACHED, (long) width);

            RunResult changed = run(ws, fan(width, "b"));
            assertThat(statuses(changed)).containsEntry(StepStatus.SUCCEEDED, (long) width);
            assertThat(statuses(run(ws, fan("copy", width, "b")))).as("steps recorded after the keys were loaded")
                    .containsEntry(StepStatus.CACHED, (long) width);
        }
    }

    @Test
    void aSmallRunFindsWhatAnotherProcessRecordedAfterThisOneLoadedItsKeys() {
        int width = KnownCacheKeys.WORTH_LOADING + 6;
        try (Workspace server = Workspace.open(home)) {
            run(server, fan(width, "a")); // loads the filter in this workspace object
            try (Workspace other = Workspace.open(home)) {
                assertThat(run(other, fan(3, "new")).status()).isEqualTo(RunStatus.SUCCEEDED);
            }
            RunResult small = run(server, fan("copy", 3, "new"));
            assertThat(statuses(small)).as("looked up by index, not through the filter")
                    .containsEntry(StepStatus.CACHED, 3L);
        }
    }

    @Test
    void theFilterIsSharedByTheRunsOfAWorkspaceAndSkippedForSmallRuns() {
        try (Workspace ws = Workspace.open(home)) {
            KnownCacheKeys keys = ws.knownCacheKeys();
            assertThat(keys.forRun(KnownCacheKeys.WORTH_LOADING - 1)).isEmpty();
            var loaded = keys.forRun(KnownCacheKeys.WORTH_LOADING);
            assertThat(loaded).hasValueSatisfying(s -> assertThat(s).isEmpty());
            keys.add("k1");
            assertThat(keys.forRun(KnownCacheKeys.WORTH_LOADING)).as("the same set, not loaded again")
                    .hasValueSatisfying(s -> assertThat(s).containsExactly("k1"));
        }
    }
}
