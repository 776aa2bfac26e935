package dev.sluice.exec;

import dev.sluice.api.Component;
import dev.sluice.api.ComponentSpec;
import dev.sluice.api.PortKind;
import dev.sluice.api.RunStatus;
import dev.sluice.api.StepStatus;
import dev.sluice.meta.ArtifactRow;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.pipeline.PipelineBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In a workspace a Java step's output file goes straight into the run's staging folder {@code <run>/outputs/} and from
 * there into the store, with no folders of its own; what a failed step wrote stays there, under a name that says
 * whose it is.
 */
class OutputStagingTest {
    @TempDir
    Path home;
    @TempDir
    Path dir;
    Workspace ws;

    static final Component WRITES_THEN_FAILS = Component.of(ComponentSpec.builder("writes-then-fails", "1")
            .output("out", PortKind.FILE).noMetrics().build(), ctx -> {
                Files.writeString(ctx.outputFile("out", "half.csv"), "a,b\n");
                throw new IllegalStateException("gave up half-way");
            });

    @BeforeEach
    void open() {
        ws = Workspace.open(home);
    }

    @AfterEach
    void close() {
        ws.close();
    }

    /** {@code concat} through {@code outputFile} (the built-in hands its output over as bytes). */
    static final Component CONCAT_TO_FILE = Component.of(ComponentSpec.builder("concat-to-file", "1")
            .input(new dev.sluice.api.PortSpec("parts", PortKind.FILE, true, true, ""))
            .param(dev.sluice.api.ParamSpec.of("text", dev.sluice.api.ParamType.STRING, ""))
            .output("out", PortKind.FILE).noMetrics().build(), ctx -> {
                try (var out = Files.newOutputStream(ctx.outputFile("out", "out.txt"))) {
                    out.write(ctx.stringParam("text").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    for (Path part : ctx.inputs("parts")) Files.copy(part, out);
                }
            });

    @Test
    void outputFilesMoveIntoTheStoreWithoutFoldersOfTheirOwn() throws IOException {
        PipelineBuilder p = Pipeline.builder("staged").baseDir(dir);
        p.step("a", s -> s.uses(CONCAT_TO_FILE).with("text", "one\n"));
        p.step("b", s -> s.uses(CONCAT_TO_FILE).with("text", "two\n").input("parts", "a.out"));

        RunResult r = new LocalExecutor(new RunOptions(2, false, home), ws).run(p.build(), RunListener.NONE);

        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        Path b = (Path) r.step("b").orElseThrow().outputs().get("out");
        assertThat(b.startsWith(r.runDir())).as("%s is in the store, not the run folder", b).isFalse();
        assertThat(Files.readString(b)).isEqualTo("two\none\n");
        assertThat(r.runDir().resolve("steps/a")).as("nothing but the output was written: no step folder").doesNotExist();
        try (Stream<Path> left = Files.list(r.runDir().resolve("outputs"))) {
            assertThat(left).as("every staged file moved into the store").isEmpty();
        }
        String id = ws.metadata().queries().stepRun(r.runId(), "b").orElseThrow().outputs().getFirst().artifactId();
        assertThat(ws.metadata().queries().artifact(id)).map(ArtifactRow::mediaType)
                .as("the media type is guessed from the file name the step chose").hasValue("text/plain");
    }

    @Test
    void whatAFailedStepWroteStaysInTheStagingFolderUnderItsStepsName() throws IOException {
        PipelineBuilder p = Pipeline.builder("staged").baseDir(dir);
        p.step("load[part=1]", s -> s.uses(WRITES_THEN_FAILS));

        RunResult r = new LocalExecutor(new RunOptions(2, false, home), ws).run(p.build(), RunListener.NONE);

        assertThat(r.step("load[part=1]").orElseThrow().status()).isEqualTo(StepStatus.FAILED);
        assertThat(r.step("load[part=1]").orElseThrow().error()).hasValueSatisfying(e -> assertThat(e).contains("gave up half-way"));
        Path left = r.runDir().resolve("outputs/load_part=1_@1-0-half.csv");
        assertThat(left).hasContent("a,b");
    }
}
