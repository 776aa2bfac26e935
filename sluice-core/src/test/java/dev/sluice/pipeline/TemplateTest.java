package dev.sluice.pipeline;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Strings with {@code ${...}} references as README describes them: what they render to and what they refuse. */
class TemplateTest {
    private static final Map<String, Object> VALUES = Map.of("params.depth", 6L, "steps.train.metrics.auc", 0.91,
            "env.HOME", "/home/me");

    private static Object value(Template.Ref r) {
        Object v = VALUES.get(r.expression());
        if (v == null) throw new IllegalArgumentException("no value for " + r);
        return v;
    }

    @Test
    void aDoubledDollarWritesALiteralReferenceThatIsNeverResolved() {
        Template t = Template.parse("echo $${HOME} and $${env.HOME} but ${env.HOME}");
        assertThat(t.refs()).extracting(Template.Ref::expression).containsExactly("env.HOME");
        assertThat(t.render(TemplateTest::value)).isEqualTo("echo ${HOME} and ${env.HOME} but /home/me");
        assertThat(Template.parse("$${params.depth}").isConstant()).isTrue();
        assertThat(Template.parse("$${params.depth}").render(TemplateTest::value)).isEqualTo("${params.depth}");
    }

    @Test
    void aWholeStringReferenceKeepsTheValuesTypeAndTextAroundItMakesText() {
        assertThat(Template.parse("${params.depth}").render(TemplateTest::value)).isEqualTo(6L);
        assertThat(Template.parse(" ${params.depth}").render(TemplateTest::value)).isEqualTo(" 6");
        assertThat(Template.parse("auc=${steps.train.metrics.auc};d=${params.depth}").render(TemplateTest::value))
                .isEqualTo("auc=0.91;d=6");
        assertThat(Template.parse("plain").render(TemplateTest::value)).isEqualTo("plain");
        assertThat(Template.parse("").render(TemplateTest::value)).isEqualTo("");
    }

    @Test
    void aReferenceIsItsNamespaceAndSegmentsWithSpacesInsideTheBracesIgnored() {
        Template.Ref r = Template.parse("${ steps.train.metrics.auc }").refs().getFirst();
        assertThat(r.namespace()).isEqualTo("steps");
        assertThat(r.segments()).containsExactly("train", "metrics", "auc");
        assertThat(r.toString()).isEqualTo("${steps.train.metrics.auc}");
        assertThat(Template.parse("${ steps.train.metrics.auc }").isSingleRef()).isTrue();
        assertThat(Template.parse("${params.a}${params.b}").isSingleRef()).isFalse();
    }

    @Test
    void partialResolutionKeepsWhatIsKnownOnlyLater() {
        Template t = Template.parse("d=${params.depth} auc=${steps.train.metrics.auc} $${x}");
        Object partly = t.partial(r -> r.namespace().equals("params") ? Optional.of(VALUES.get(r.expression())) : Optional.empty());
        assertThat(partly).isInstanceOf(Template.class);
        Template later = (Template) partly;
        assertThat(later.refs()).extracting(Template.Ref::expression).containsExactly("steps.train.metrics.auc");
        assertThat(later.source()).isEqualTo("d=6 auc=${steps.train.metrics.auc} $${x}");
        assertThat(later.render(TemplateTest::value)).isEqualTo("d=6 auc=0.91 ${x}");
        assertThat(t.partial(r -> Optional.of(VALUES.get(r.expression())))).isEqualTo("d=6 auc=0.91 ${x}");
    }

    @Test
    void valuesAreWrittenIntoTextAsAPersonWouldWriteThem() {
        assertThat(Template.text(3.0)).isEqualTo("3");
        assertThat(Template.text(-2.0)).isEqualTo("-2");
        assertThat(Template.text(0.5)).isEqualTo("0.5");
        assertThat(Template.text(99999999999999.0)).isEqualTo("99999999999999");
        assertThat(Template.text(1e15)).isEqualTo("1.0E15");
        assertThat(Template.text(Double.POSITIVE_INFINITY)).isEqualTo("Infinity");
        assertThat(Template.text(List.of(1.0, "a", 2L))).isEqualTo("1,a,2");
        assertThat(Template.abbreviate("x".repeat(60))).isEqualTo("x".repeat(60));
        assertThat(Template.abbreviate("x".repeat(61))).isEqualTo("x".repeat(60) + "... (61 characters)");
    }

    @Test
    void refusesWhatCannotBeAReferenceSayingWhy() {
        for (var bad : List.of(
                List.of("${params.depth", "unclosed '${' in \"${params.depth\": add the closing '}'"),
                List.of("${}", "empty reference '${}'"),
                List.of("${ }", "empty reference '${}'"),
                List.of("${params..x}", "malformed reference '${params..x}'"),
                List.of("${params.x.}", "malformed reference '${params.x.}'"),
                List.of("${param.x}", "unknown reference '${param.x}': a reference starts with one of params, with, matrix,"
                        + " steps, inputs, outputs, env, run, item"),
                List.of("${params.${x}}", "'${' inside a reference ('${params.${x}'): references do not nest;"
                        + " write one ${...} per value, e.g. ${params.depth}"))) {
            assertThatThrownBy(() -> Template.parse(bad.get(0))).as(bad.get(0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage(bad.get(1));
        }
    }
}
