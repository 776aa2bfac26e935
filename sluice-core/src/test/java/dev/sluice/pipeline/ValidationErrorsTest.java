package dev.sluice.pipeline;

import dev.sluice.api.DefinitionException;
import dev.sluice.api.Problem;
import dev.sluice.yaml.YamlPipelineLoader;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Every validation error kind, read from a file, reported with its line and column. */
class ValidationErrorsTest {
    private static List<String> problems(String name, Map<String, String> overrides) throws URISyntaxException {
        Path file = Path.of(Objects.requireNonNull(ValidationErrorsTest.class.getResource("/pipelines/validation/" + name)).toURI());
        var spec = new YamlPipelineLoader().load(file, name);
        DefinitionException e = catchThrowableOfType(DefinitionException.class,
                () -> new PipelineValidator(PipelineValidatorTest.REGISTRY).validate(spec, overrides));
        assertThat(e).as("expected " + name + " to be invalid").isNotNull();
        return e.problems().stream().map(Problem::format).toList();
    }

    @Test
    void unknownStepsAndOutputsPointAtTheReferenceAndSuggestAName() throws Exception {
        assertThat(problems("unknown-references.yaml", Map.of())).containsExactly(
                "unknown-references.yaml:7:21: step 'train' reads 'lod.data', but there is no step 'lod'. Did you mean 'load.data'?",
                "unknown-references.yaml:10:21: step 'score' reads 'load.dta', but step 'load' has no output 'dta'. Did you mean 'load.data'?",
                "unknown-references.yaml:11:13: step 'score' runs after 'trian', but there is no such step. Did you mean 'train'?");
    }

    @Test
    void finallyAndOnFailureNameStepsThatRunAfterAllOthers() throws Exception {
        assertThat(problems("final-steps.yaml", Map.of())).containsExactly(
                "final-steps.yaml:3:36: '${run.status}' can only be used by steps listed in finally: or on_failure:, which"
                        + " run once the other steps have ended. Add 'train' to finally: or on_failure:, or remove the reference.",
                "final-steps.yaml:4:3: step 'report' waits for 'cleanup', a step of finally: which runs only after every"
                        + " other step has ended. Move 'report' to finally: too, or stop it reading 'cleanup'.",
                "final-steps.yaml:5:40: '${run.stauts}' names nothing the run knows. Did you mean 'status'?",
                "final-steps.yaml:7:20: finally: names 'notfy', which is not a step of this pipeline. Did you mean 'notify'?",
                "final-steps.yaml:10:5: step 'cleanup' is listed twice in finally: and on_failure. Keep it in one place:"
                        + " finally: runs it whatever happened, on_failure: only when the run failed.");
    }

    @Test
    void foreachReadsAValueOutputOfAPlainStepAndIsReadWithTheFanInSyntax() throws Exception {
        assertThat(problems("foreach.yaml", Map.of())).containsExactly(
                "foreach.yaml:4:32: '${item}' can only be used by a step with foreach:, where it is the element of each"
                        + " instance. Add foreach: {from: STEP.OUTPUT} to step 'list_regions', or remove the reference.",
                "foreach.yaml:9:14: foreach of step 'train' reads 'list_regoins.regions', but there is no step 'list_regoins'."
                        + " Did you mean 'list_regions'?",
                "foreach.yaml:12:14: foreach of step 'score' reads 'list_regions.report', a file; it needs a value output"
                        + " holding a JSON list. Declare it as outputs: {report: value} and write the list as JSON.",
                "foreach.yaml:14:29: '${item.name.first}' is malformed. Write ${item}: the element of a foreach: instance, or"
                        + " ${item.COLUMN}: a column of a row.",
                "foreach.yaml:15:21: 'train' is a foreach step: its instances are known only when the run reaches it."
                        + " Write train[*].model to receive all of them.",
                "foreach.yaml:16:14: step 'pick' has foreach: and matrix:; keep one. foreach: makes one instance per element"
                        + " of a list known at run time; matrix: and sweep: know theirs before the run.");
    }

    @Test
    void aCycleIsPrintedAsAPath() throws Exception {
        assertThat(problems("cycle.yaml", Map.of())).containsExactly(
                "cycle.yaml:8:13: steps form a cycle: a -> b -> c -> a. Each step reads the next one's output or runs after it;"
                        + " remove one of these dependencies.");
    }

    @Test
    void kindMismatchesWrongTypesBoundsAndMissingInputs() throws Exception {
        assertThat(problems("kinds-and-params.yaml", Map.of("depth", "40"))).containsExactly(
                "kinds-and-params.yaml:7:18: parameter rows = 1000 is above the maximum 100. Expected int, min 1, max 100.",
                "kinds-and-params.yaml:11:23: parameter max_depth must be an int, got 'deep'. Expected int, min 1, max 16.",
                "kinds-and-params.yaml:12:3: step 'eval' needs input 'test' (a table). Add inputs: {test: STEP.OUTPUT}.",
                "kinds-and-params.yaml:14:22: input 'models' of step 'eval' takes a model, but 'load.data' is a table."
                        + " Wire an output of kind model.",
                "-p depth: depth = 40 is above the maximum 16. Expected int, min 1, max 16.");
    }

    @Test
    void matrixStepsAreReadWithTheFanInSyntax() throws Exception {
        assertThat(problems("fan-in.yaml", Map.of())).containsExactly(
                "fan-in.yaml:11:21: 'gbdt' is a matrix step with 3 instances. Write gbdt[*].model to receive all of them.",
                "fan-in.yaml:11:21: input 'train' of step 'pick' takes a table, but 'gbdt.model' is a model."
                        + " Wire an output of kind table.",
                "fan-in.yaml:16:11: '${steps.gbdt.metrics.auc}' reads matrix step 'gbdt', which has 3 instances."
                        + " Compare them in a downstream step and read its results instead.");
    }
}
