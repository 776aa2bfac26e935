package dev.sluice.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sluice.pipeline.Condition;
import dev.sluice.pipeline.Template;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code when:} conditions and {@code ${...}} templates, the two small languages inside pipeline strings. A condition
 * either parses or is refused with an {@link IllegalArgumentException}; a parsed one evaluates to true or false or is
 * refused the same way (a string where a boolean is needed), whatever values its references have. A template parses or
 * is refused; partly resolving it and writing it back as text gives a template that renders like the original (the
 * {@code $${} escape survives substitution).
 */
class ExpressionFuzzTest {
    private static final String[] WORDS = {"true", "false", "Yes", "0", "1e400", "NaN", "-0.0", " 3 ", "${params.x}", "$", "}"};

    /** A value for each reference, chosen by its text: numbers, booleans, strings, lists. */
    static Object value(Template.Ref ref) {
        int h = ref.expression().hashCode();
        return switch (Math.floorMod(h, 6)) {
            case 0 -> (double) (h % 1000) / 7;
            case 1 -> h % 2 == 0;
            case 2 -> (long) h;
            case 3 -> WORDS[Math.floorMod(h >> 3, WORDS.length)];
            case 4 -> List.of(h % 3, "a", WORDS[Math.floorMod(h >> 5, WORDS.length)]);
            default -> Double.NaN;
        };
    }

    @FuzzTest
    @DictionaryEntries({"${steps.", ".metrics.", "${params.", "${matrix.", "${with.", "${env.", "}", "&&", "||", "!", "and",
            "or", "not", "==", "!=", ">=", "<=", "(", ")", "'", "\"", "true", "false", "1e400", "NaN"})
    void whenConditions(byte[] input) {
        String source = new String(input, StandardCharsets.UTF_8);
        Condition c;
        try {
            c = Condition.parse(source);
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        assertThat(c.refs()).allSatisfy(r -> assertThat(Template.NAMESPACES).contains(r.namespace()));
        try {
            c.test(ExpressionFuzzTest::value);
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }

    @FuzzTest
    @DictionaryEntries({"${", "$${", "}", "${params.", "${steps.", ".metrics.", "${matrix.", "${inputs.", "${outputs.",
            "${env.", "${with."})
    void templates(byte[] input) {
        String source = new String(input, StandardCharsets.UTF_8);
        Template t;
        try {
            t = Template.parse(source);
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        Function<Template.Ref, Object> all = ExpressionFuzzTest::value;
        Object whole = t.render(all);
        // resolve the params now and the rest later, as the validator and then the executor do
        Object partial = t.partial(r -> r.namespace().equals("params") ? Optional.of(value(r)) : Optional.empty());
        if (partial instanceof Template rest) {
            assertThat(Template.parse(rest.source()).render(all)).as("re-parsed '%s'", rest.source())
                    .isEqualTo(rest.render(all));
            assertThat(Template.text(rest.render(all))).isEqualTo(Template.text(whole));
        } else {
            assertThat(Template.text(partial)).isEqualTo(Template.text(whole));
        }
    }
}
