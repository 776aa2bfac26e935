package dev.sluice.pipeline;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How a {@code when:} condition is cut into tokens and how deep it may nest: operators written without spaces,
 * the column an error names for a reference or a quoted text, the references on both sides of a comparison (each
 * one a step the condition waits for), and long chains of {@code !} or parentheses that never nest.
 */
class ConditionTokensTest {
    private static boolean test(String condition) {
        return Condition.parse(condition).test(r -> Map.<String, Object>of("params.n", 3L, "params.mode", "fast")
                .get(r.expression()));
    }

    @Test
    void operatorsWrittenWithoutSpacesEndTheWordBeforeThem() {
        assertThat(test("2<1")).isFalse();
        assertThat(test("1<2")).isTrue();
        assertThat(test("3==${params.n}")).isTrue();
        assertThat(test("(1<2)&&(2>1)")).isTrue();
    }

    @Test
    void theReferencesOfBothSidesOfAComparisonAreItsDependencies() {
        assertThat(Condition.parse("${params.n} < ${steps.evaluate.metrics.auc}").refs())
                .extracting(Template.Ref::expression).containsExactly("params.n", "steps.evaluate.metrics.auc");
        assertThat(Condition.parse("!(${params.mode} == 'fast') || 1 >= ${steps.a.metrics.x}").refs())
                .extracting(Template.Ref::expression).containsExactly("params.mode", "steps.a.metrics.x");
    }

    @Test
    void anErrorAtAReferenceOrAQuotedTextNamesItsColumn() {
        assertThatThrownBy(() -> Condition.parse("${params.n} == 3 ${params.mode}"))
                .hasMessageContaining("at column 18");
        assertThatThrownBy(() -> Condition.parse("${params.n} == 3 'fast'"))
                .hasMessageContaining("at column 18");
        assertThatThrownBy(() -> Condition.parse("< 1")).hasMessage("condition \"< 1\": unexpected '<' at column 1");
        assertThatThrownBy(() -> Condition.parse("1 == 'fast")).hasMessage("condition \"1 == 'fast\": unclosed quote at column 6");
    }

    @Test
    void manyNegationsOrParenthesesSideBySideDoNotCountAsNesting() {
        String nots = String.join(" && ", java.util.Collections.nCopies(Condition.MAX_DEPTH + 5, "!false"));
        assertThat(test(nots)).isTrue();
        String groups = String.join(" && ", java.util.Collections.nCopies(Condition.MAX_DEPTH + 5, "(1 < 2)"));
        assertThat(test(groups)).isTrue();
        String deep = "(".repeat(Condition.MAX_DEPTH + 1) + "true" + ")".repeat(Condition.MAX_DEPTH + 1);
        assertThatThrownBy(() -> Condition.parse(deep)).hasMessageContaining("nest deeper than " + Condition.MAX_DEPTH);
    }
}
