package dev.sluice.testing;

import dev.sluice.api.RunStatus;
import dev.sluice.api.StepStatus;
import dev.sluice.exec.RunResult;
import dev.sluice.pipeline.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a component author relies on: a pipeline run in a temporary workspace is recorded and cached, and a component
 * run in a {@link TestContext} gets its declared defaults and leaves its outputs where the test reads them.
 */
class TestKitTest {
    @TempDir
    Path dir;

    @Test
    void aPipelineRunTwiceIsRecordedTwiceAndTheSecondRunComesFromTheCache() throws Exception {
        Path data = Files.writeString(dir.resolve("data.txt"), "one two\nthree\n");
        Pipeline p = Pipeline.builder("kit").baseDir(dir)
                .step("load", s -> s.uses("file").with("path", data.toString()))
                .step("count", s -> s.uses("count").input("in", "load.file"))
                .build();
        try (TempWorkspace ws = TempWorkspace.in(dir)) {
            RunResult first = ws.run(p);
            RunResult second = ws.run(p);

            assertThat(first.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(first.step("count").orElseThrow().metrics()).containsEntry("words", 3.0);
            assertThat(second.step("count").orElseThrow().status()).isEqualTo(StepStatus.CACHED);
            assertThat(ws.workspace().metadata().queries().runs(10)).hasSize(2);
            assertThat(ws.workspace().home()).isEqualTo(dir.resolve("home"));
        }
    }

    @Test
    void theContextKeepsWhatTheComponentReportsAndFillsInDeclaredDefaults() throws Exception {
        Path in = Files.writeString(dir.resolve("in.txt"), "a b c\n");
        TestContext ctx = new TestContext(dir.resolve("step")).input("parts", in);
        TestContext.run(new dev.sluice.builtin.ConcatComponent(), ctx);

        assertThat(ctx.params).containsEntry("text", "");   // the declared default, as the executor gives it
        assertThat(Files.readString(ctx.output("out"))).isEqualTo("a b c\n");
        assertThat(ctx.output("out")).startsWith(dir.resolve("step/outputs/out"));
    }
}
