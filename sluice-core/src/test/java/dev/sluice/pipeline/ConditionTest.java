package dev.sluice.pipeline;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code when:} conditions as a pipeline author writes them: what they evaluate to and what they refuse. */
class ConditionTest {
    private static final Map<String, Object> VALUES = Map.of(
            "steps.evaluate.metrics.auc", 0.85, "params.mode", "fast", "params.flag", true, "params.off", "false",
            "params.n", 3L, "params.text_number", " 0.5 ", "params.zero", 0.0);

    private static boolean test(String condition) {
        return Condition.parse(condition).test(r -> {
            Object v = VALUES.get(r.expression());
            if (v == null) throw new IllegalArgumentException("no value for " + r);
            return v;
        });
    }

    @Test
    void comparesNumbersWithEveryOperatorAtTheEdge() {
        assertThat(test("${steps.evaluate.metrics.auc} >= 0.85")).isTrue();
        assertThat(test("${steps.evaluate.metrics.auc} > 0.85")).isFalse();
        assertThat(test("${steps.evaluate.metrics.auc} <= 0.85")).isTrue();
        assertThat(test("${steps.evaluate.metrics.auc} < 0.85")).isFalse();
        assertThat(test("${steps.evaluate.metrics.auc} == 0.85")).isTrue();
        assertThat(test("${steps.evaluate.metrics.auc} != 0.85")).isFalse();
        assertThat(test("0.9 > ${steps.evaluate.metrics.auc}")).isTrue();
        assertThat(test("${params.n} == 3")).as("an integer parameter against a written number").isTrue();
        assertThat(test("${params.text_number} == 0.5")).as("text that is a number compares as one").isTrue();
    }

    @Test
    void comparesTextForEqualityOnlyAndSaysWhyOrderingFails() {
        assertThat(test("${params.mode} == 'fast'")).isTrue();
        assertThat(test("${params.mode} == \"slow\"")).isFalse();
        assertThat(test("${params.mode} != 'slow'")).isTrue();
        assertThat(test("${params.mode} != fast")).as("a bare word is text").isFalse();
        assertThatThrownBy(() -> test("${params.mode} > 'a'")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot compare 'fast' > 'a': ordering needs two numbers");
    }

    @Test
    void combinesWithNotAndOrInTheUsualPrecedence() {
        assertThat(test("${params.flag}")).isTrue();
        assertThat(test("!${params.flag}")).isFalse();
        assertThat(test("not ${params.flag}")).isFalse();
        assertThat(test("!!${params.flag}")).isTrue();
        assertThat(test("${params.off}")).as("the text false").isFalse();
        assertThat(test("${params.n}")).as("a non-zero number").isTrue();
        assertThat(test("${params.zero}")).as("zero").isFalse();
        assertThat(test("true && false")).isFalse();
        assertThat(test("true and true")).isTrue();
        assertThat(test("false || true")).isTrue();
        assertThat(test("false or false")).isFalse();
        assertThat(test("true || false && false")).as("&& binds tighter than ||").isTrue();
        assertThat(test("(true || false) && false")).isFalse();
        assertThat(test("!(false) && ${params.mode} == 'fast'")).isTrue();
        assertThat(test("false || false || false || true")).isTrue();
        assertThat(test("true && true && true && false")).isFalse();
    }

    @Test
    void aValueThatIsNoBooleanWhereOneIsNeededSaysSo() {
        assertThatThrownBy(() -> test("${params.mode}")).hasMessage("'fast' is not a boolean");
        assertThatThrownBy(() -> test("${params.mode} && true")).hasMessage("'fast' is not a boolean");
    }

    @Test
    void mistakesAreNamedWithTheirColumn() {
        assertThatThrownBy(() -> Condition.parse("${params.n} >= ")).hasMessage("condition \"${params.n} >= \": expected a value at column 16");
        assertThatThrownBy(() -> Condition.parse("(true")).hasMessage("condition \"(true\": expected ')' at column 6");
        assertThatThrownBy(() -> Condition.parse("true true")).hasMessage("condition \"true true\": unexpected 'true' at column 6");
        assertThatThrownBy(() -> Condition.parse("&& true")).hasMessage("condition \"&& true\": unexpected '&&' at column 1");
        assertThatThrownBy(() -> Condition.parse("${params.n > 1")).hasMessage("condition \"${params.n > 1\": unclosed '${' at column 1");
        assertThatThrownBy(() -> Condition.parse("${params.mode} == 'fast")).hasMessage("condition \"${params.mode} == 'fast\": unclosed quote at column 19");
        assertThatThrownBy(() -> Condition.parse("")).hasMessage("condition \"\": expected a value at column 1");
    }

    @Test
    void listsItsReferencesAndRenamesThemInItsText() {
        Condition c = Condition.parse("${params.flag} && (${steps.evaluate.metrics.auc} > 0.8 || !${params.mode})");
        assertThat(c.refs()).extracting(Template.Ref::expression)
                .containsExactly("params.flag", "steps.evaluate.metrics.auc", "params.mode");

        Condition renamed = c.mapRefs(r -> r.namespace().equals("steps")
                ? Template.parseRef("steps.features/evaluate." + String.join(".", r.segments().subList(1, r.segments().size())))
                : r);
        assertThat(renamed.source()).isEqualTo("${params.flag} && (${steps.features/evaluate.metrics.auc} > 0.8 || !${params.mode})");
        assertThat(renamed.refs()).extracting(Template.Ref::expression)
                .containsExactly("params.flag", "steps.features/evaluate.metrics.auc", "params.mode");
    }

    @Test
    void bindingKnownValuesLeavesTheRestToTheRun() {
        Condition c = Condition.parse("${params.n} > 2 && ${steps.evaluate.metrics.auc} > 0.8");
        Condition bound = c.bind(r -> r.namespace().equals("params") ? Optional.of(VALUES.get(r.expression())) : Optional.empty(),
                r -> r);
        assertThat(bound.source()).as("known references stay as written").isEqualTo(c.source());
        assertThat(bound.refs()).extracting(Template.Ref::expression).containsExactly("steps.evaluate.metrics.auc");
        assertThat(bound.test(r -> 0.9)).isTrue();
        assertThat(bound.test(r -> 0.7)).isFalse();
        assertThat(Condition.parse("${params.n} < 2 || ${params.flag}").bind(r -> Optional.of(VALUES.get(r.expression())), r -> r)
                .refs()).isEqualTo(List.of());
    }
}
