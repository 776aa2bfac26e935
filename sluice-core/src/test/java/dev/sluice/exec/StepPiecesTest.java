package dev.sluice.exec;

import dev.sluice.api.StepStatus;
import dev.sluice.pipeline.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The parts of running one step that a user reads or relies on: durations as messages write them, the one-line error
 * of a step, the disk-full message, a retry starting from empty folders, and a step's cache key following what its
 * upstream step gave it.
 */
class StepPiecesTest {
    @TempDir Path dir;

    @Test
    void durationsAreWrittenInTheLargestWholeUnit() {
        assertThat(StepRunner.show(Duration.ofHours(2))).isEqualTo("2h");
        assertThat(StepRunner.show(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(StepRunner.show(Duration.ofSeconds(61))).isEqualTo("61s");
        assertThat(StepRunner.show(Duration.ZERO)).isEqualTo("0s");
    }

    @Test
    void aStepsErrorIsTheFirstLineOfTheMessageOrTheExceptionsName() {
        assertThat(StepErrors.oneLine(new IllegalStateException("first line\nsecond line"))).isEqualTo("first line");
        assertThat(StepErrors.oneLine(new IllegalStateException("only line"))).isEqualTo("only line");
        assertThat(StepErrors.oneLine(new IllegalStateException("  "))).isEqualTo("IllegalStateException");
        assertThat(StepErrors.oneLine(new NullPointerException())).isEqualTo("NullPointerException");
    }

    @Test
    void aFullDiskIsNamedWithTheFileBeingWrittenWhereverItIsInTheCauses() {
        String advice = ": free some space (or move SLUICE_HOME to a bigger disk) and resume the run";
        assertThat(StepErrors.noSpace(new IOException("copy failed",
                new FileSystemException("/data/out.bin", null, "No space left on device"))))
                .hasValue("no space left on device writing /data/out.bin" + advice);
        assertThat(StepErrors.noSpace(new IOException("write failed", new IOException("No space left on device"))))
                .hasValue("no space left on device" + advice);
        assertThat(StepErrors.noSpace(new IOException("write /x failed: Disk quota exceeded\nmore")))
                .hasValue("no space left on device (write /x failed: Disk quota exceeded)" + advice);
        assertThat(StepErrors.noSpace(new IOException("permission denied", new IOException()))).isEmpty();
        assertThat(StepErrors.noSpace(new IOException())).isEmpty();
    }

    @Test
    void aRetryStartsWithEmptyWorkAndOutputsFoldersAndTheFirstAttemptKeepsWhatIsThere() throws IOException {
        StepFolder folder = new StepFolder(dir.resolve("steps").resolve("train"));
        Files.createDirectories(folder.work());
        Files.createDirectories(folder.outputs().resolve("model"));
        Files.writeString(folder.work().resolve("scratch.txt"), "half done");
        Files.writeString(folder.outputs().resolve("model").resolve("part"), "half written");
        Files.writeString(folder.log(), "attempt 1\n");

        folder.resetForAttempt(1);
        assertThat(folder.work().resolve("scratch.txt")).exists();
        assertThat(folder.outputs().resolve("model").resolve("part")).exists();

        folder.resetForAttempt(2);
        assertThat(folder.work()).doesNotExist();
        assertThat(folder.outputs()).doesNotExist();
        assertThat(folder.log()).hasContent("attempt 1");
    }

    @Test
    void aStepWhoseUpstreamGaveOtherOutputsIsACacheMissAndSeesTheNewOutputs() throws IOException {
        Path home = dir.resolve("home");
        Files.writeString(dir.resolve("lines.txt"), "a\nb\n");
        Pipeline p = Pipeline.builder("counted").baseDir(dir)
                .step("load", s -> s.uses("file").with("path", "lines.txt"))
                .step("count", s -> s.uses("count").input("in", "load.file"))
                .build();
        try (Workspace ws = Workspace.open(home)) {
            LocalExecutor executor = new LocalExecutor(new RunOptions(2, false, home), ws);
            RunResult first = executor.run(p, RunListener.NONE);
            assertThat(first.step("count").orElseThrow().metrics()).containsEntry("lines", 2.0);
            assertThat(YamlRuns.statuses(executor.run(p, RunListener.NONE))).containsEntry("count", StepStatus.CACHED);

            Files.writeString(dir.resolve("lines.txt"), "a\nb\nc\n");
            RunResult changed = executor.run(p, RunListener.NONE);

            assertThat(YamlRuns.statuses(changed)).containsEntry("load", StepStatus.SUCCEEDED)
                    .containsEntry("count", StepStatus.SUCCEEDED);
            assertThat(changed.step("count").orElseThrow().metrics()).containsEntry("lines", 3.0);
        }
    }
}
