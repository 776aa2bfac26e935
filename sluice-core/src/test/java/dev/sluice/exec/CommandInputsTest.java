package dev.sluice.exec;

import dev.sluice.api.ComponentSpec;
import dev.sluice.api.PortKind;
import dev.sluice.api.RunStatus;
import dev.sluice.api.StepStatus;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.store.Digest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.sluice.exec.TestPipelines.step;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A command step that writes to its input files (here as root, whom read-only permissions do not stop) cannot
 * change the artifact store: a small input is its own copy; a big one, linked to the stored file, is checked after
 * the step, which fails if it changed it, and the damaged file leaves the store so it is computed again.
 */
@Timeout(120)
class CommandInputsTest {
    private static final String APPEND = """
            import os, sys
            folder = os.path.join('inputs', 'in')
            path = os.path.join(folder, os.listdir(folder)[0])
            with open(path, 'a') as f:
                f.write('one more line\\n')
            os.makedirs('outputs/out', exist_ok=True)
            open('outputs/out/done.txt', 'w').write('appended')
            """;

    @TempDir Path home;
    @TempDir Path base;
    Workspace ws;

    @BeforeEach
    void open() throws IOException {
        ws = Workspace.open(home);
        Files.writeString(base.resolve("append.py"), APPEND);
    }

    @AfterEach
    void close() {
        ws.close();
    }

    private RunResult run(Pipeline p) {
        return new LocalExecutor(new RunOptions(1, false, home), ws).run(p, RunListener.NONE);
    }

    private static final ComponentSpec WRITER = ComponentSpec.builder("lines", "1").output("out", PortKind.FILE).build();

    /** load writes {@code lines} lines of {@code width} bytes; append appends to its input; count counts load's. */
    private Pipeline pipeline(int lines, int width) {
        return TestPipelines.pipeline(base, load(lines, width),
                step("append").command("python3", "append.py").input("in", PortKind.FILE, "load.out")
                        .output("out", PortKind.FILE).build(),
                step("count").uses(new dev.sluice.builtin.CountComponent()).input("in", PortKind.FILE, "load.out")
                        .after("append").build());
    }

    private static dev.sluice.pipeline.StepNode load(int lines, int width) {
        return step("load").java(WRITER, ctx -> {
                    try (OutputStream out = Files.newOutputStream(ctx.outputFile("out", "data.csv"))) {
                        byte[] line = ("x".repeat(width - 1) + "\n").getBytes();
                        for (int i = 0; i < lines; i++) out.write(line);
                    }
                }).build();
    }

    @Test
    void aStepAppendingToASmallInputChangesOnlyItsOwnCopy() {
        RunResult first = run(pipeline(151, 10));

        assertThat(first.status()).as(first.toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(first.step("count").orElseThrow().metrics()).containsEntry("lines", 151.0);
        String load = ws.metadata().queries().stepRun(first.runId(), "load").orElseThrow().outputs().getFirst().artifactId();
        assertThat(ws.store().verify(Digest.parse(load))).isTrue();

        RunResult again = run(pipeline(151, 10));
        assertThat(again.step("count").orElseThrow().status()).isEqualTo(StepStatus.CACHED);
        assertThat(again.step("count").orElseThrow().metrics()).containsEntry("lines", 151.0);
    }

    @Test
    void aStepAppendingToABigLinkedInputFailsAndTheDamagedFileLeavesTheStore() {
        int lines = (int) (CommandFiles.COPY_MAX_BYTES / 1024) + 1; // just past the size from which inputs are linked

        RunResult first = run(pipeline(lines, 1024));

        StepResult append = first.step("append").orElseThrow();
        String load = ws.metadata().queries().stepRun(first.runId(), "load").orElseThrow().outputs().getFirst().artifactId();
        assertThat(append.status()).isEqualTo(StepStatus.FAILED);
        assertThat(append.error()).hasValue("step 'append' changed its input file inputs/in/" + Digest.parse(load).hex()
                + ", which is shared with the artifact store (a hard link): a command step must not write to its inputs;"
                + " copy an input before changing it. The changed artifact was removed from the store and will be computed"
                + " again.");
        assertThat(ws.store().path(Digest.parse(load))).as("no damaged blob left in the store").isEmpty();

        RunResult again = run(TestPipelines.pipeline(base, load(lines, 1024),
                step("count").uses(new dev.sluice.builtin.CountComponent()).input("in", PortKind.FILE, "load.out").build()));
        assertThat(again.step("load").orElseThrow().status()).as("computed again, not a hit on damaged content")
                .isEqualTo(StepStatus.SUCCEEDED);
        assertThat(again.step("count").orElseThrow().metrics()).containsEntry("lines", (double) lines);
    }
}
