package dev.sluice.serve.model;

import dev.sluice.ml.model.ModelInfo;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class RowParserTest {
    private final InputSchema schema = InputSchema.of(List.of(new ModelInfo.Field("contract", "string"),
            new ModelInfo.Field("note", "string"), new ModelInfo.Field("tenure", "long")));
    private final InputSchema typed = InputSchema.of(List.of(new ModelInfo.Field("charges", "double"),
            new ModelInfo.Field("tenure", "long"), new ModelInfo.Field("senior", "bool")));

    private RowValues parse(String json) {
        return RowParser.parse(json.getBytes(StandardCharsets.UTF_8), schema).rows().getFirst();
    }

    private RowValues typed(String charges, String tenure, String senior) {
        String json = "{\"charges\": " + charges + ", \"tenure\": " + tenure + ", \"senior\": " + senior + "}";
        return RowParser.parse(json.getBytes(StandardCharsets.UTF_8), typed).rows().getFirst();
    }

    private RequestException refused(String charges, String tenure, String senior) {
        return catchThrowableOfType(RequestException.class, () -> typed(charges, tenure, senior));
    }

    @Test
    void aRepeatedTextValueIsReadIntoTheSameInstanceAndOthersKeepTheirContent() {
        RowValues a = parse("{\"contract\": \"One year\", \"note\": \"caf\\u00e9 \\\"x\\\"\", \"tenure\": 3}");
        RowValues b = parse("{\"contract\": \"One year\", \"note\": \"café \\\"x\\\"\", \"tenure\": 4}");
        RowValues c = parse("{\"contract\": \"Two year\", \"note\": \"" + "n".repeat(100) + "\", \"tenure\": 5}");
        RowValues d = parse("{\"contract\": \"One yea\", \"note\": \"" + "n".repeat(100) + "\", \"tenure\": 6}");

        assertThat(a.text(0)).isEqualTo("One year").isSameAs(b.text(0));
        assertThat(a.text(1)).isEqualTo("café \"x\"").isSameAs(b.text(1));   // escapes decoded before matching
        assertThat(c.text(0)).isEqualTo("Two year");
        assertThat(d.text(0)).isEqualTo("One yea");                            // a prefix is another value
        assertThat(c.text(1)).isEqualTo("n".repeat(100)).isNotSameAs(d.text(1)); // long text is not kept
        assertThat(d.number(2)).isEqualTo(6);
    }

    @Test
    void readsEachTypeAtItsLimits() {
        RowValues r = typed("-1.5e300", "9223372036854775807", "true");
        assertThat(r.number(0)).isEqualTo(-1.5e300);
        assertThat(r.number(1)).isEqualTo(9.223372036854775807e18);
        assertThat(r.number(2)).isEqualTo(1);
        RowValues low = typed("0", "-9223372036854775808", "false");
        assertThat(low.number(1)).isEqualTo(-9.223372036854775808e18);
        assertThat(low.number(2)).isZero();
        assertThat(typed("1", "12.0", "false").number(1)).isEqualTo(12);   // an integral float is an integer
        assertThat(typed("1", "-1e3", "false").number(1)).isEqualTo(-1000);
    }

    @Test
    void refusesANonFiniteDoubleNamingTheField() {
        RequestException e = refused("1e400", "1", "true");
        assertThat(e).hasMessage("field 'charges' must be double (a finite number), got 1e400");
        assertThat(e.field()).contains("charges");
        assertThat(e.expected()).contains("double");
        assertThat(refused("-1e400", "1", "true")).hasMessage("field 'charges' must be double (a finite number), got -1e400");
        String huge = "9".repeat(1000);
        assertThat(refused(huge, "1", "true")).hasMessage("field 'charges' must be double (a finite number), got "
                + "9".repeat(40) + "... (1000 characters)");
    }

    @Test
    void refusesAnIntegerOutsideTheLongRangeNamingTheField() {
        String range = " (an integer from -9223372036854775808 to 9223372036854775807)";
        assertThat(refused("1", "1e20", "true")).hasMessage("field 'tenure' must be long" + range + ", got 1e20");
        assertThat(refused("1", "9223372036854775808", "true"))
                .hasMessage("field 'tenure' must be long" + range + ", got 9223372036854775808");
        assertThat(refused("1", "-9223372036854775809", "true"))
                .hasMessage("field 'tenure' must be long" + range + ", got -9223372036854775809");
        assertThat(refused("1", "1e400", "true")).hasMessage("field 'tenure' must be long" + range + ", got 1e400");
        RequestException digits = refused("1", "1" + "0".repeat(999), "true");
        assertThat(digits).hasMessage("field 'tenure' must be long" + range + ", got 1" + "0".repeat(39) + "... (1000 characters)");
        assertThat(digits.field()).contains("tenure");
        assertThat(digits.expected()).contains("long");
    }

    @Test
    void boolTakesOnlyTrueAndFalse() {
        for (String v : new String[] {"1", "0", "1.0", "\"true\"", "\"yes\"", "[]", "{}"}) {
            RequestException e = refused("1", "1", v);
            assertThat(e).as(v).isNotNull();
            assertThat(e.field()).as(v).contains("senior");
            assertThat(e.expected()).as(v).contains("bool");
        }
        assertThat(refused("1", "1", "1")).hasMessage("field 'senior' must be bool (true or false), got a number");
        assertThat(refused("1", "1", "\"true\"")).hasMessage("field 'senior' must be bool (true or false), got a string");
        assertThat(typed("1", "1", "null").present(2)).isTrue();
    }

    @Test
    void namesTheRowOfAnOutOfRangeValueInABatch() {
        String ok = "{\"charges\": 1, \"tenure\": 1, \"senior\": true}";
        String bad = "{\"charges\": 1e999, \"tenure\": 1, \"senior\": true}";
        RequestException e = catchThrowableOfType(RequestException.class, () -> RowParser.parse(
                ("{\"rows\": [" + ok + "," + ok + "," + bad + "]}").getBytes(StandardCharsets.UTF_8), typed));
        assertThat(e).hasMessage("rows[2]: field 'charges' must be double (a finite number), got 1e999");
        assertThat(e.row()).isEqualTo(2);
    }

    @Test
    void aNumberLongerThanJacksonAllowsIsMalformed() {
        assertThatThrownBy(() -> typed("1", "1" + "0".repeat(1500), "true")).isInstanceOf(RequestException.class)
                .hasMessage("malformed JSON: Number value length (1501) exceeds the maximum allowed (1000)");
    }
}
