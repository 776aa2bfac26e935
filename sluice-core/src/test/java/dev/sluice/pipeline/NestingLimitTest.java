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
 * Small files that nest deeply (a few kilobytes of brackets, parentheses or '!') are refused with a located problem,
 * never a StackOverflowError, whichever part of the loader or validator would otherwise recurse.
 */
class NestingLimitTest {
    private static final String HEAD = "pipeline: deep\nsteps:\n";

    private static List<String> problems(String yaml) {
        var spec = new YamlPipelineLoader().parse(yaml, "deep.yaml", Path.of("").toAbsolutePath());
        DefinitionException e = catchThrowableOfType(DefinitionException.class,
                () -> new PipelineValidator(ComponentRegistry.defaults()).validate(spec, Map.of()));
        assertThat(e).as("expected the pipeline to be invalid").isNotNull();
        return e.problems().stream().map(Problem::format).toList();
    }

    private static String brackets(int n) {
        return "[".repeat(n) + "]".repeat(n);
    }

    @Test
    void twoThousandNestedListsInAParameterAreOneLocatedProblem() {
        String yaml = HEAD + "  a: {uses: file, with: {path: " + brackets(2000) + "}}\n";
        assertThat(problems(yaml)).containsExactly("deep.yaml:3:128: lists and maps nest deeper than 100 levels."
                + " A pipeline needs a few levels; flatten this value.");
    }

    @Test
    void deeplyNestedMapsInAnExpectationAreRefused() {
        String yaml = HEAD + "  a: {uses: file, with: {path: x.csv}}\n"
                + "  b: {uses: count, inputs: {in: a.file}, with: {x: " + "{a: ".repeat(2000) + "1" + "}".repeat(2000) + "}}\n";
        assertThat(problems(yaml)).singleElement().asString()
                .startsWith("deep.yaml:4:").contains("nest deeper than 100 levels");
    }

    @Test
    void nestingThroughAliasesCountsTheAliasedValue() {
        // each line nests 30 levels around the one before: 31, 61, 91 levels deep, then 121 at the alias on line 5
        StringBuilder yaml = new StringBuilder("pipeline: deep\nx0: &a0 " + brackets(30) + "\n");
        for (int i = 1; i <= 40; i++) {
            yaml.append("x").append(i).append(": &a").append(i).append(" ").append("[".repeat(30)).append("*a").append(i - 1)
                    .append("]".repeat(30)).append("\n");
        }
        yaml.append("steps:\n  a: {uses: file, with: {path: *a40}}\n");
        assertThat(problems(yaml.toString())).containsExactly("deep.yaml:5:39: lists and maps nest deeper than 100 levels."
                + " A pipeline needs a few levels; flatten this value.");
    }

    @Test
    void aFileWithMergeKeysIsCheckedBeforeSnakeyamlComposesIt() {
        String yaml = "pipeline: deep\nbase: &b {uses: file}\nsteps:\n  a: {<<: *b, with: {path: " + brackets(5000) + "}}\n";
        assertThat(problems(yaml)).singleElement().asString()
                .startsWith("deep.yaml:4:").contains("nest deeper than 100 levels");
    }

    @Test
    void aHundredLevelsAreStillAccepted() {
        String yaml = HEAD + "  a: {run: [echo], with: {x: " + brackets(95) + "}}\n";
        var spec = new YamlPipelineLoader().parse(yaml, "deep.yaml", Path.of("").toAbsolutePath());
        assertThat(spec.problems()).isEmpty();
    }

    @Test
    void twoThousandParenthesesInWhenAreALocatedProblem() {
        String yaml = HEAD + "  a: {uses: file, with: {path: x.csv}, when: \"" + "(".repeat(2000) + "true" + ")".repeat(2000) + "\"}\n";
        assertThat(problems(yaml)).singleElement().asString().startsWith("deep.yaml:3:46: condition \"((((((((")
                .contains("nest deeper than 100 levels at column 101",
                        "Write e.g. when: \"${steps.evaluate.metrics.auc} >= 0.8\".");
    }

    @Test
    void aHundredThousandNotsAreALocatedProblem() {
        String yaml = HEAD + "  a: {uses: file, with: {path: x.csv}, when: \"" + "!".repeat(100_000) + "true\"}\n";
        assertThat(problems(yaml)).singleElement().asString().startsWith("deep.yaml:3:46: condition \"!!!!!")
                .contains("nest deeper than 100 levels at column 101");
    }

    @Test
    void aLongChainOfOrIsNotNestingAndStaysValid() {
        String chain = String.join(" || ", java.util.Collections.nCopies(100_000, "false")) + " || true";
        Condition c = Condition.parse(chain);
        assertThat(c.test(r -> { throw new AssertionError(); })).isTrue();
        assertThat(Condition.parse(String.join(" && ", java.util.Collections.nCopies(100_000, "true"))).refs()).isEmpty();
    }

    @Test
    void aNestedTemplateReferenceSaysReferencesDoNotNest() {
        String yaml = HEAD + "  a: {run: [echo, \"" + "${".repeat(2000) + "params.x" + "}".repeat(2000) + "\"]}\n";
        assertThat(problems(yaml)).singleElement().asString().startsWith("deep.yaml:3:19: '${' inside a reference")
                .contains("references do not nest").hasSizeLessThan(400);
    }
}
