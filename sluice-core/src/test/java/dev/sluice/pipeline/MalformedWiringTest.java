package dev.sluice.pipeline;

import dev.sluice.api.DefinitionException;
import dev.sluice.api.Problem;
import dev.sluice.yaml.YamlPipelineLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * An input that is not of the form {@code step.output} or {@code step[*].output} (a missing output after the step or
 * after the brackets, a missing step before the dot, two dots) is reported at the input with what to write, never
 * read as a step or output of an empty name.
 */
class MalformedWiringTest {
    private static List<String> problems(String input) {
        String yaml = "pipeline: wiring\nsteps:\n  load:\n    uses: source\n  gbdt:\n    uses: train\n"
                + "    inputs: {train: load.data}\n    matrix: {eta: [0.1, 0.2]}\n  eval:\n    uses: evaluate\n"
                + "    inputs: {models: \"" + input + "\", test: load.data}\n    with: {metric: auc}\n";
        var spec = new YamlPipelineLoader().parse(yaml, "w.yaml", Path.of("."));
        DefinitionException e = catchThrowableOfType(DefinitionException.class,
                () -> new PipelineValidator(PipelineValidatorTest.REGISTRY).validate(spec, Map.of()));
        assertThat(e).as(input + " is refused").isNotNull();
        return e.problems().stream().map(Problem::format).toList();
    }

    @Test
    void eachMalformedReferenceIsReportedAtTheInputWithTheFormToWrite() {
        for (String input : new String[] {"gbdt[*]", "gbdt[*].", "gbdt[*]model", "gbdt[*", ".model", "load.", "load",
            "a.b.c"}) {
            assertThat(problems(input)).as(input).containsExactly("w.yaml:11:22: '" + input + "' is not a reference to an"
                    + " output; write step.output, or step[*].output for every instance of a matrix step");
        }
    }

    @Test
    void theWellFormedFanInIsAccepted() {
        String yaml = "pipeline: wiring\nsteps:\n  load:\n    uses: source\n  gbdt:\n    uses: train\n"
                + "    inputs: {train: load.data}\n    matrix: {eta: [0.1, 0.2]}\n  eval:\n    uses: evaluate\n"
                + "    inputs: {models: \"gbdt[*].model\", test: load.data}\n    with: {metric: auc}\n";
        var spec = new YamlPipelineLoader().parse(yaml, "w.yaml", Path.of("."));
        assertThat(new PipelineValidator(PipelineValidatorTest.REGISTRY).validate(spec, Map.of()).steps()).isNotEmpty();
    }
}
