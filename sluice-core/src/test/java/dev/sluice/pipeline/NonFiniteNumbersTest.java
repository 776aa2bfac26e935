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

/** NaN, infinities and integers past 64 bits are refused wherever a number enters a pipeline, with the name. */
class NonFiniteNumbersTest {
    private static List<String> problems(String yaml, Map<String, String> overrides) {
        var spec = new YamlPipelineLoader().parse(yaml, "p.yaml", Path.of("").toAbsolutePath());
        DefinitionException e = catchThrowableOfType(DefinitionException.class,
                () -> new PipelineValidator(PipelineValidatorTest.REGISTRY).validate(spec, overrides));
        assertThat(e).as("expected the pipeline to be invalid").isNotNull();
        return e.problems().stream().map(Problem::format).toList();
    }

    private static final String GATED = """
            pipeline: p
            params:
              min_auc: {type: double, default: 0.8, min: 0, max: 1}
            steps:
              load: {uses: source}
            """;

    @Test
    void nanOnTheCommandLineIsRefusedDespiteTheBounds() {
        assertThat(problems(GATED, Map.of("min_auc", "NaN"))).containsExactly(
                "-p min_auc: min_auc must be a finite number, got NaN. Expected double, min 0, max 1.");
        assertThat(problems(GATED, Map.of("min_auc", "-Infinity"))).containsExactly(
                "-p min_auc: min_auc must be a finite number, got -Infinity. Expected double, min 0, max 1.");
    }

    @Test
    void nonFiniteDefaultsAndBoundsInTheFileAreLocated() {
        assertThat(problems("""
                pipeline: p
                params:
                  a: {type: double, default: .nan}
                  b: {type: double, min: -.inf, default: 1}
                  c: {type: int, default: 1e20}
                steps:
                  load: {uses: source}
                """, Map.of())).containsExactly(
                "p.yaml:3:30: invalid default: a must be a finite number, got NaN. Change default: to fit type:, min:, max: and values:.",
                "p.yaml:4:26: min must be a finite number, got -.inf. Write a number such as min: 1",
                "p.yaml:5:27: invalid default: c = 1.0E20 is out of range for an int (a 64-bit integer,"
                        + " -9223372036854775808 to 9223372036854775807). Change default: to fit type:, min:, max: and values:.");
    }

    @Test
    void nonFiniteStepParametersAreLocated() {
        assertThat(problems("""
                pipeline: p
                steps:
                  load: {uses: source}
                  train: {uses: train, inputs: {train: load.data}, with: {eta: 1e400}}
                """, Map.of())).containsExactly(
                "p.yaml:4:64: parameter eta must be a finite number, got Infinity. Expected double.");
    }

    @Test
    void theJavaBuilderRefusesThemToo() {
        DefinitionException e = catchThrowableOfType(DefinitionException.class, () -> Pipeline.builder("p")
                .registry(PipelineValidatorTest.REGISTRY)
                .step("load", s -> s.uses("source"))
                .step("train", s -> s.uses("train").input("train", "load.data").with("eta", Double.NaN))
                .build());
        assertThat(e.problems()).extracting(Problem::format).containsExactly(
                "steps.train.with.eta: parameter eta must be a finite number, got NaN. Expected double.");
    }

    @Test
    void aCheckThresholdMustBeANumber() {
        assertThat(problems("""
                pipeline: p
                steps:
                  load: {uses: source, checks: {rows: ">= NaN"}}
                """, Map.of())).containsExactly(
                "p.yaml:3:39: check 'rows: >= NaN' is not a comparison with a finite number;"
                        + " write e.g. \">= 0.8\", \"< 0.3\" or \"== 1\"");
    }
}
