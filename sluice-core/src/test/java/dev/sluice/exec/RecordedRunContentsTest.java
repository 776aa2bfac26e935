package dev.sluice.exec;

import dev.sluice.api.Component;
import dev.sluice.api.ComponentSpec;
import dev.sluice.api.PortKind;
import dev.sluice.api.RunStatus;
import dev.sluice.api.StepStatus;
import dev.sluice.meta.Lineage;
import dev.sluice.meta.OutputRow;
import dev.sluice.meta.RunTrigger;
import dev.sluice.meta.StepRunRow;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.pipeline.PipelineBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a recorded run holds once it has ended, as {@code sluice show} and {@code sluice lineage} read it: each step
 * run's parameters, outputs and the artifacts it read, the pipeline's definition, the run's trigger; and which
 * earlier step run a cache hit (or a resumed run) reuses.
 */
class RecordedRunContentsTest {
    @TempDir
    Path home;
    @TempDir
    Path dir;
    Workspace ws;

    @BeforeEach
    void open() {
        ws = Workspace.open(home);
    }

    @AfterEach
    void close() {
        ws.close();
    }

    private RunResult run(Map<String, Object> bParams, RunOptions options) {
        return new LocalExecutor(options, ws).run(Chain.pipeline(dir, bParams), RunListener.NONE);
    }

    private RunResult run(Map<String, Object> bParams) {
        return run(bParams, new RunOptions(2, false, home));
    }

    private List<String> ran() throws IOException {
        Path f = dir.resolve("runs.txt");
        List<String> lines = Files.exists(f) ? Files.readAllLines(f) : List.of();
        Files.deleteIfExists(f);
        return lines;
    }

    private String output(String runId, String step) {
        return ws.metadata().queries().stepRun(runId, step).orElseThrow().outputs().getFirst().artifactId();
    }

    @Test
    void eachStepRunHoldsItsParametersItsOutputsAndWhatItRead() {
        RunResult r = run(Map.of("suffix", "!"));
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);

        StepRunRow b = ws.metadata().queries().stepRun(r.runId(), "b").orElseThrow();
        assertThat(b.params()).containsEntry("suffix", "\"!\"").containsEntry("fail_if", "\"\"");
        assertThat(b.outputs()).extracting(OutputRow::port).containsExactly("out");

        Lineage up = ws.metadata().lineage().upstream(output(r.runId(), "c"));
        assertThat(up.nodes()).extracting(n -> n.stepRun().step()).containsExactlyInAnyOrder("c", "b", "a");
        Lineage.Node bNode = up.nodes().stream().filter(n -> n.stepRun().step().equals("b")).findFirst().orElseThrow();
        assertThat(bNode.inputs()).extracting(OutputRow::artifactId).containsExactly(output(r.runId(), "a"));
        Lineage down = ws.metadata().lineage().downstream(output(r.runId(), "a"));
        assertThat(down.nodes()).extracting(n -> n.stepRun().step()).contains("b", "c").doesNotContain("d");
    }

    @Test
    void theRunRecordsThePipelineDefinitionAndItsTrigger() {
        RunTrigger why = RunTrigger.webhook("nightly", "delivery-7");
        RunResult r = run(Map.of(), new RunOptions(2, false, home).withTrigger(why));

        String pipelineId = ws.metadata().queries().run(r.runId()).orElseThrow().pipelineId();
        String definition = ws.metadata().sql().read(c -> {
            try (var s = c.prepareStatement("SELECT definition FROM pipelines WHERE id = ?")) {
                s.setString(1, pipelineId);
                try (var rs = s.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
        assertThat(definition).isEqualTo(Chain.pipeline(dir, Map.of()).spec().toString()).isNotBlank();
        assertThat(ws.metadata().queries().trigger(r.runId())).hasValue(why);
    }

    @Test
    void aHitOnACachedStepRunPointsAtTheRunThatProducedTheOutputs() throws IOException {
        RunResult first = run(Map.of());
        RunResult second = run(Map.of());
        RecordingListener events = new RecordingListener();
        RunResult third = new LocalExecutor(new RunOptions(2, false, home), ws).run(Chain.pipeline(dir, Map.of()), events);
        ran();

        assertThat(events.ofType(RunEvent.StepCached.class)).as("the run each hit names, as the progress line shows it")
                .hasSize(4).extracting(RunEvent.StepCached::sourceRun).containsOnly(first.runId());

        for (RunResult r : List.of(second, third)) {
            StepRunRow c = ws.metadata().queries().stepRun(r.runId(), "c").orElseThrow();
            assertThat(c.state()).isEqualTo(StepStatus.CACHED);
            assertThat(c.cacheSource()).as("run %s", r.runId()).hasValue(Journal.stepRunId(first.runId(), "c", 1));
        }
    }

    @Test
    void aResumedRunReusesOnlyTheStepRunsWhoseKeyIsUnchanged() throws IOException {
        RunResult first = run(Map.of());
        ran();

        RunResult resumed = run(Map.of("suffix", "!"), new RunOptions(2, false, home).withNoCache(true).withResume(first.runId()));

        assertThat(resumed.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(ran()).containsExactlyInAnyOrder("b", "c");
        assertThat(YamlRuns.statuses(resumed)).containsEntry("a", StepStatus.CACHED).containsEntry("d", StepStatus.CACHED)
                .containsEntry("b", StepStatus.SUCCEEDED).containsEntry("c", StepStatus.SUCCEEDED);
        assertThat((Path) resumed.step("c").orElseThrow().outputs().get("out")).hasContent("hello!+");
    }

    @Test
    void aRunResumedFromARunOfCacheHitsReusesThemWithoutTheCache() throws IOException {
        RunResult first = run(Map.of());
        RunResult cached = run(Map.of());
        assertThat(YamlRuns.statuses(cached)).containsOnly(Map.entry("a", StepStatus.CACHED), Map.entry("b", StepStatus.CACHED),
                Map.entry("c", StepStatus.CACHED), Map.entry("d", StepStatus.CACHED));
        ran();

        RunResult resumed = run(Map.of(), new RunOptions(2, false, home).withNoCache(true).withResume(cached.runId()));

        assertThat(ran()).isEmpty();
        assertThat(YamlRuns.statuses(resumed)).containsOnly(Map.entry("a", StepStatus.CACHED), Map.entry("b", StepStatus.CACHED),
                Map.entry("c", StepStatus.CACHED), Map.entry("d", StepStatus.CACHED));
        assertThat(ws.metadata().queries().stepRun(resumed.runId(), "c").orElseThrow().cacheSource())
                .hasValue(Journal.stepRunId(first.runId(), "c", 1));
    }

    @Test
    void aFailedStepRunInTheNewestRunDoesNotHideAnOlderHit() throws IOException {
        Map<String, Object> failIfStop = Map.of("fail_if", "stop");
        RunResult first = run(failIfStop);
        assertThat(first.status()).isEqualTo(RunStatus.SUCCEEDED);
        Files.writeString(dir.resolve("stop"), "");
        RunResult failed = run(failIfStop, new RunOptions(2, false, home).withNoCache(true));
        assertThat(failed.step("b").orElseThrow().status()).isEqualTo(StepStatus.FAILED);
        Files.delete(dir.resolve("stop"));
        ran();

        RunResult next = run(failIfStop);

        assertThat(next.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(ran()).isEmpty();
        assertThat(next.step("b").orElseThrow().status()).isEqualTo(StepStatus.CACHED);
        assertThat(ws.metadata().queries().stepRun(next.runId(), "b").orElseThrow().cacheSource())
                .hasValue(Journal.stepRunId(first.runId(), "b", 1));
    }

    private RunResult writes(int bytes) {
        Component writes = Component.of(ComponentSpec.builder("writes-" + bytes, "1").output("out", PortKind.FILE).noMetrics().build(),
                ctx -> Files.write(ctx.outputFile("out", "out.bin"), new byte[bytes]));
        PipelineBuilder p = Pipeline.builder("sized-" + bytes).baseDir(dir);
        p.step("w", s -> s.uses(writes));
        return new LocalExecutor(new RunOptions(1, false, home), ws).run(p.build(), RunListener.NONE);
    }

    @Test
    void anOutputOfSixteenKibIsKeptInTheDatabaseAndOneByteMoreIsNot() {
        RunResult at = writes(DurableJournal.INLINE_MAX_BYTES);
        RunResult over = writes(DurableJournal.INLINE_MAX_BYTES + 1);

        assertThat(at.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(over.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(ws.metadata().queries().artifactContent(output(at.runId(), "w")))
                .hasValueSatisfying(b -> assertThat(b).hasSize(16 * 1024));
        assertThat(ws.metadata().queries().artifactContent(output(over.runId(), "w"))).isEmpty();
        assertThat((Path) over.step("w").orElseThrow().outputs().get("out")).hasSize(16 * 1024 + 1);
    }
}
