package dev.sluice.exec;

import dev.sluice.api.DefinitionException;
import dev.sluice.api.Problem;
import dev.sluice.api.RunStatus;
import dev.sluice.pipeline.ComponentRegistry;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.pipeline.PipelineValidator;
import dev.sluice.yaml.YamlPipelineLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Each step instance gets a folder named after it, so validation refuses names the run could not create (a file name
 * has at most 255 bytes), and what it accepts runs.
 */
class StepNameLengthTest {
    @TempDir
    Path dir;

    private List<String> problems(String yaml) {
        var spec = new YamlPipelineLoader().parse(yaml, "p.yaml", dir);
        DefinitionException e = catchThrowableOfType(DefinitionException.class,
                () -> new PipelineValidator(ComponentRegistry.defaults()).validate(spec, Map.of()));
        assertThat(e).as("expected the pipeline to be invalid").isNotNull();
        return e.problems().stream().map(Problem::format).toList();
    }

    private RunResult run(String yaml) {
        var spec = new YamlPipelineLoader().parse(yaml, "p.yaml", dir);
        Pipeline p = new PipelineValidator(ComponentRegistry.defaults()).validate(spec, Map.of());
        return new LocalExecutor(RunOptions.defaults(dir.resolve("home"))).run(p, RunListener.NONE);
    }

    @Test
    void aThreeHundredCharacterStepNameIsRefusedAtItsKey() {
        String name = "s".repeat(300);
        assertThat(problems("pipeline: p\nsteps:\n  " + name + ": {uses: count, inputs: {in: a.file}}\n"
                + "  a: {uses: file, with: {path: p.yaml}}\n")).containsExactly(
                "p.yaml:3:3: step name '" + "s".repeat(60) + "... (300 characters)' is 300 characters long; a step name has"
                        + " at most 100, as the run makes a folder named after each step. Use a shorter name.");
    }

    @Test
    void aMatrixInstanceWhoseNameWouldBeTooLongIsRefusedAtItsMatrixKey() {
        String value = "v".repeat(250);
        assertThat(problems("pipeline: p\nsteps:\n  a: {uses: file, with: {path: p.yaml}}\n"
                + "  c: {run: [echo, \"${matrix.label}\"], matrix: {label: [short, " + value + "]}}\n")).containsExactly(
                "p.yaml:4:55: matrix instance 'c[label=" + "v".repeat(52) + "... (259 characters)' of step 'c' has a"
                        + " 259-character name; an instance name has at most 200, as the run makes a folder named after each"
                        + " instance. Use shorter matrix values, e.g. a short key per value that the step looks up.");
    }

    @Test
    void namesAtTheLimitRun() throws Exception {
        Files.writeString(dir.resolve("p.yaml"), "x\n");
        String name = "s".repeat(100);
        String value = "v".repeat(200 - "c[label=]".length());
        RunResult r = run("pipeline: p\nsteps:\n  a: {uses: file, with: {path: p.yaml}}\n"
                + "  " + name + ": {uses: count, inputs: {in: a.file}}\n"
                + "  c: {run: [echo, \"${matrix.label}\"], matrix: {label: [" + value + "]}}\n");
        assertThat(r.status()).as(r.steps().toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.steps()).extracting(s -> s.name().length()).contains(100, 200);
    }
}
