package dev.sluice.yaml;

import dev.sluice.api.Problem;
import dev.sluice.pipeline.PipelineSpec;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.CoreSchema;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The loader's own node tree and the streaming of steps: what snakeyaml's composer gave must not change. */
class YamlTreeTest {
    private final YamlPipelineLoader loader = new YamlPipelineLoader();

    private PipelineSpec parse(String yaml) {
        return loader.parse(yaml, "p.yaml", Path.of("."));
    }

    private static List<String> problems(PipelineSpec spec) {
        return spec.problems().stream().map(Problem::format).toList();
    }

    @Test
    void aPlainScalarTakenForTextWithoutTheResolverIsTextForTheResolverToo() {
        ScalarResolver resolver = new CoreSchema().getScalarResolver();
        List<String> tails = List.of("", "1", "ull", "ULL", "rue", "RUE", "alse", "ALSE", "es", "o", "n", "ff", "nf",
                "an", "e3", "x10", "o17", ".5", "_a", "-b", " c", "{}");
        int checked = 0;
        for (char c = ' '; c < 127; c++) {
            if (!YamlTree.isTextStart(c)) continue;
            for (String tail : tails) {
                assertThat(resolver.resolve(c + tail, true)).as("'%s'", c + tail).isEqualTo(Tag.STR);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(40 * tails.size());
        assertThat(YamlTree.isTextStart('n')).as("null").isFalse();
        assertThat(YamlTree.isTextStart('T')).as("True").isFalse();
        assertThat(YamlTree.isTextStart('.')).as(".inf").isFalse();
    }

    @Test
    void aLetterStartedScalarTakenForTextIsTextForTheResolverToo() {
        ScalarResolver resolver = new CoreSchema().getScalarResolver();
        List<String> words = List.of("null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE", "text",
                "tru", "nul", "truex", "n", "y", "no", "off", "on", "yes", "train", "float", "NaN", "nan", "inf", "Inf",
                "e3", "x10", "o17", "fals", "nullable", "True_", "t");
        for (String w : words) {
            if (YamlTree.isPlainText(w)) assertThat(resolver.resolve(w, true)).as("'%s'", w).isEqualTo(Tag.STR);
        }
        assertThat(YamlTree.isPlainText("text")).isTrue();
        assertThat(YamlTree.isPlainText("nullable")).isTrue();
        assertThat(YamlTree.isPlainText("null")).isFalse();
        assertThat(YamlTree.isPlainText("TRUE")).isFalse();
        assertThat(YamlTree.isPlainText(".inf")).isFalse();
        assertThat(YamlTree.isPlainText("1e3")).isFalse();
        assertThat(YamlTree.isPlainText("")).isFalse();
    }

    @Test
    void readsScalarsByTheirResolvedTag() {
        PipelineSpec spec = parse("""
                pipeline: p
                steps:
                  a: {uses: concat, with: {n: 3, x: 0.5, flag: true, word: sigmoid, quoted: "7"}}
                """);
        assertThat(problems(spec)).isEmpty();
        assertThat(spec.steps().get("a").with())
                .containsExactly(Map.entry("n", 3L), Map.entry("x", 0.5), Map.entry("flag", true),
                        Map.entry("word", "sigmoid"), Map.entry("quoted", "7"));
    }

    @Test
    void aStepCanBeAnAliasOfAnEarlierOne() {
        PipelineSpec spec = parse("""
                pipeline: p
                steps:
                  a: &base {uses: concat, with: {text: x}}
                  b: *base
                """);
        assertThat(problems(spec)).isEmpty();
        assertThat(spec.steps().get("b").uses()).contains("concat");
        assertThat(spec.steps().get("b").with()).containsEntry("text", "x");
    }

    @Test
    void mergeKeysAreFlattenedAsSnakeyamlDoes() {
        PipelineSpec spec = parse("""
                pipeline: p
                steps:
                  a: &base {uses: concat, with: {text: x}}
                  b:
                    <<: *base
                    with: {text: y}
                """);
        assertThat(problems(spec)).isEmpty();
        assertThat(spec.steps().keySet()).containsExactly("a", "b");
        assertThat(spec.steps().get("b").uses()).contains("concat");
        assertThat(spec.steps().get("b").with()).containsEntry("text", "y");
        assertThat(spec.locate("steps.b.with.text").orElseThrow().line()).isEqualTo(6);
    }

    @Test
    void aSyntaxErrorAfterStreamedStepsIsTheOnlyProblemAndNoStepIsKept() {
        PipelineSpec spec = parse("""
                pipeline: p
                steps:
                  a: {uses: concat, bogus: 1}
                  b: {uses: concat
                """);
        assertThat(problems(spec)).hasSize(1);
        assertThat(problems(spec).getFirst()).startsWith("p.yaml:5:1: invalid YAML:");
        assertThat(spec.steps()).isEmpty();
        assertThat(spec.locations()).isEmpty();
    }

    @Test
    void aSecondDocumentIsReportedWhereItStarts() {
        PipelineSpec spec = parse("""
                pipeline: p
                steps:
                  a: {uses: concat}
                ---
                pipeline: q
                """);
        assertThat(problems(spec)).containsExactly("p.yaml:4:1: invalid YAML: but found another document expected a single"
                + " document in the stream that starts at line 1. Keep one pipeline per file; remove the extra '---'.");
    }

    @Test
    void streamedDuplicateStepPointsAtTheFirstDefinition() {
        PipelineSpec spec = parse("""
                pipeline: p
                steps:
                  a: {uses: concat}
                  b: [not, a, map]
                  a: {uses: csv}
                  b: {uses: csv}
                """);
        assertThat(problems(spec)).contains(
                "p.yaml:5:3: duplicate step 'a' (first defined at line 3). Remove or rename one of them.",
                "p.yaml:6:3: duplicate step 'b' (first defined at line 4). Remove or rename one of them.");
        assertThat(spec.steps().get("a").uses()).contains("concat");
    }

    @Test
    void onlyTheFirstStepsKeyCounts() {
        PipelineSpec spec = parse("""
                pipeline: p
                steps:
                  a: {uses: concat}
                steps:
                  b: {uses: concat}
                """);
        assertThat(spec.steps().keySet()).containsExactly("a");
        assertThat(problems(spec)).containsExactly(
                "p.yaml:4:1: duplicate key 'steps' (first defined at line 2). Remove or rename one of them.");
    }
}
