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
 * The FILE:LINE:COL of each kind of mistake in a pipeline of a hundred steps: a mistake in the first steps, in steps
 * far down the file, and in the twentieth entry of a step's list is shown where it is written (the locations of a
 * large file are stored grouped by step; these are the lookups a user sees). Each expected position is found in the
 * text by a marker, not counted by hand.
 */
class ProblemLocationsAtScaleTest {
    private static final int STEPS = 100;

    /** FILE:LINE:COL of the first occurrence of {@code marker} in {@code yaml} (1-based, as problems print it). */
    private static String where(String yaml, String marker) {
        int i = yaml.indexOf(marker);
        assertThat(i).as("marker " + marker).isNotNegative();
        assertThat(yaml.indexOf(marker, i + 1)).as("marker " + marker + " is unique").isNegative();
        String before = yaml.substring(0, i);
        int line = (int) before.chars().filter(c -> c == '\n').count() + 1;
        int column = i - before.lastIndexOf('\n');
        return "p.yaml:" + line + ":" + column;
    }

    private static List<String> problems(String yaml) {
        var spec = new YamlPipelineLoader().parse(yaml, "p.yaml", Path.of("."));
        DefinitionException e = catchThrowableOfType(DefinitionException.class,
                () -> new PipelineValidator(PipelineValidatorTest.REGISTRY).validate(spec, Map.of()));
        assertThat(e).as("expected the pipeline to be invalid").isNotNull();
        return e.problems().stream().map(Problem::format).toList();
    }

    /**
     * {@code load}, then {@code STEPS} training steps t0..t99 reading it; {@code mistakes} replaces the body of the
     * steps it names.
     */
    private static String pipeline(Map<Integer, String> mistakes) {
        StringBuilder y = new StringBuilder("pipeline: big\nsteps:\n  load:\n    uses: source\n");
        for (int i = 0; i < STEPS; i++) {
            y.append("  t").append(i).append(":\n");
            y.append(mistakes.getOrDefault(i, "    uses: train\n    inputs:\n      train: load.data\n"));
        }
        return y.toString();
    }

    @Test
    void eachKindOfMistakeIsShownWhereItIsWrittenInEarlyAndLateSteps() {
        StringBuilder longAfter = new StringBuilder("    uses: train\n    inputs:\n      train: load.data\n    after:\n");
        for (int i = 0; i < 20; i++) longAfter.append("      - t").append(i).append('\n');
        longAfter.append("      - t9x\n");
        String yaml = pipeline(Map.of(
                3, "    uses: train\n    inputs:\n      train: lod.data\n",
                4, "    uses: train\n    inputs:\n      train: load.dta\n",
                70, "    uses: train\n    inputs:\n      train: load.data\n    with:\n      max_depth: 40\n",
                80, "    uses: train\n    inputs:\n      train: load.data\n    with:\n      max_depth: deepest\n",
                90, longAfter.toString(),
                97, "    uses: evaluate\n    inputs:\n      models: t96.model\n    with:\n      metric: auc\n",
                98, "    uses: evaluate\n    inputs:\n      models: load.data\n      test: load.data\n    with:\n      metric: auc\n"));
        assertThat(problems(yaml)).containsExactly(
                where(yaml, "lod.data") + ": step 't3' reads 'lod.data', but there is no step 'lod'. Did you mean 'load.data'?",
                where(yaml, "load.dta") + ": step 't4' reads 'load.dta', but step 'load' has no output 'dta'. Did you mean 'load.data'?",
                where(yaml, "40\n") + ": parameter max_depth = 40 is above the maximum 16. Expected int, min 1, max 16.",
                where(yaml, "deepest") + ": parameter max_depth must be an int, got 'deepest'. Expected int, min 1, max 16.",
                where(yaml, "t9x") + ": step 't90' runs after 't9x', but there is no such step. Did you mean 't9', 't90' or 't91'?",
                where(yaml, "t97:") + ": step 't97' needs input 'test' (a table). Add inputs: {test: STEP.OUTPUT}.",
                where(yaml, "load.data\n      test:")
                        + ": input 'models' of step 't98' takes a model, but 'load.data' is a table. Wire an output of kind model.");
    }

    @Test
    void aStepDefinedTwiceNamesTheLineOfItsFirstDefinitionFarDownTheFile() {
        String yaml = pipeline(Map.of()) + "  t77:\n    uses: train\n";
        var spec = new YamlPipelineLoader().parse(yaml, "p.yaml", Path.of("."));
        int first = Integer.parseInt(where(yaml, "  t77:\n    uses: train\n    inputs").split(":")[1]);
        assertThat(spec.problems()).extracting(Problem::format).containsExactly(
                "p.yaml:" + (yaml.split("\n").length - 1) + ":3: duplicate step 't77' (first defined at line " + first
                        + "). Remove or rename one of them.");
    }

    @Test
    void aCycleAmongStepsFarDownIsShownAtTheFirstStepsAfter() {
        String yaml = pipeline(Map.of(
                60, "    uses: train\n    inputs:\n      train: load.data\n    after: [t62]\n",
                61, "    uses: train\n    inputs:\n      train: load.data\n    after: [t60]\n",
                62, "    uses: train\n    inputs:\n      train: load.data\n    after: [t61]\n"));
        assertThat(problems(yaml)).containsExactly(where(yaml, "t62]") + ": steps form a cycle: t60 -> t61 -> t62 -> t60."
                + " Each step reads the next one's output or runs after it; remove one of these dependencies.");
    }
}
