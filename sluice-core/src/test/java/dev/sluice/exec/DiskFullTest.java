package dev.sluice.exec;

import dev.sluice.api.ComponentSpec;
import dev.sluice.api.PortKind;
import dev.sluice.api.RunStatus;
import dev.sluice.api.StepStatus;
import dev.sluice.meta.StepRunRow;
import dev.sluice.meta.Tmpfs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static dev.sluice.exec.TestPipelines.pipeline;
import static dev.sluice.exec.TestPipelines.step;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A disk that fills during a run, made real with a small tmpfs (mounting one needs root, which CI has; elsewhere
 * these tests are skipped with that reason): the step that hit it ends failed with a clear error, the run is
 * recorded consistently (nothing left "running"), and the store holds nothing half-written.
 */
@Timeout(120)
class DiskFullTest {
    @TempDir Path home;
    @TempDir Path base;
    private final Tmpfs tmpfs = new Tmpfs();
    private Workspace ws;

    @AfterEach
    void unmount() throws Exception {
        if (ws != null) ws.close();
        tmpfs.close();
    }

    private RunResult run(dev.sluice.pipeline.Pipeline p) {
        if (ws == null) ws = Workspace.open(home);
        return new LocalExecutor(new RunOptions(1, false, home), ws).run(p, RunListener.NONE);
    }

    private static final ComponentSpec WRITER = ComponentSpec.builder("writer", "1").output("out", PortKind.FILE).build();

    private static TestPipelines.Node writes(String name, int mib) {
        return step(name).java(WRITER, ctx -> {
            try (OutputStream out = Files.newOutputStream(ctx.outputFile("out", "big.bin"))) {
                byte[] block = new byte[1 << 20];
                for (int i = 0; i < mib; i++) {
                    block[0] = (byte) i;
                    out.write(block);
                }
            }
        });
    }

    private Map<String, StepStatus> recorded(String runId) {
        Map<String, StepStatus> m = new TreeMap<>();
        for (StepRunRow row : ws.metadata().queries().stepRuns(runId)) m.put(row.step(), row.state());
        return m;
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        if (!Files.exists(dir)) return List.of();
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void aStepThatFillsTheDiskFailsSaysNoSpaceAndTheRunIsRecorded() throws Exception {
        tmpfs.mount(home, "3m");

        RunResult r = run(pipeline(base, writes("big", 8).build(), step("after").after("big").build()));

        StepResult big = r.step("big").orElseThrow();
        assertThat(big.status()).isEqualTo(StepStatus.FAILED);
        assertThat(big.error()).hasValueSatisfying(e -> assertThat(e).startsWith("no space left on device")
                .endsWith(": free some space (or move SLUICE_HOME to a bigger disk) and resume the run"));
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(recorded(r.runId())).containsExactlyInAnyOrderEntriesOf(Map.of("big", StepStatus.FAILED, "after", StepStatus.BLOCKED));
        assertThat(ws.metadata().queries().stepRun(r.runId(), "big").orElseThrow().error()).isEqualTo(big.error());
        assertThat(ws.metadata().queries().run(r.runId()).orElseThrow().state()).isEqualTo(RunStatus.FAILED);
        assertThat(filesUnder(r.runDir().resolve("steps/big/outputs"))).as("the partial output gives its space back").isEmpty();

        RunResult small = run(pipeline(base, writes("small", 1).build()));
        assertThat(small.status()).as("the workspace is usable again").isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void aLogThatFillsTheDiskFailsTheStep() throws Exception {
        tmpfs.mount(home, "3m");
        Files.writeString(base.resolve("chatty.py"), "for i in range(100000):\n    print('%06d' % i + 'x' * 100)\n");

        RunResult r = run(pipeline(base, step("chatty").command("python3", "chatty.py").build()));

        StepResult chatty = r.step("chatty").orElseThrow();
        assertThat(chatty.status()).isEqualTo(StepStatus.FAILED);
        assertThat(chatty.error()).hasValueSatisfying(e -> assertThat(e)
                .startsWith("cannot write the step's log " + r.runDir().resolve("steps/chatty/log.txt") + ": no space left on device"));
        assertThat(recorded(r.runId())).containsExactlyEntriesOf(Map.of("chatty", StepStatus.FAILED));
        assertThat(ws.metadata().queries().run(r.runId()).orElseThrow().state()).isEqualTo(RunStatus.FAILED);
    }

    @Test
    void aFullStoreFailsTheStepAndKeepsNothingHalfWritten() throws Exception {
        tmpfs.mount(home.resolve("store"), "1m");

        RunResult r = run(pipeline(base, writes("big", 3).build()));

        StepResult big = r.step("big").orElseThrow();
        assertThat(big.status()).isEqualTo(StepStatus.FAILED);
        assertThat(big.error()).hasValueSatisfying(e -> assertThat(e).startsWith("cannot store the outputs of step 'big': "
                + "no space left on device"));
        assertThat(recorded(r.runId())).containsExactlyEntriesOf(Map.of("big", StepStatus.FAILED));
        assertThat(filesUnder(home.resolve("store"))).as("no blob, no temporary file").isEmpty();
    }
}
