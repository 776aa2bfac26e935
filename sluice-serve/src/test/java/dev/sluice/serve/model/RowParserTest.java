package dev.sluice.serve.model;

import dev.sluice.ml.model.ModelInfo;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RowParserTest {
    private final InputSchema schema = InputSchema.of(List.of(new ModelInfo.Field("contract", "string"),
            new ModelInfo.Field("note", "string"), new ModelInfo.Field("tenure", "long")));

    private RowValues parse(String json) {
        return RowParser.parse(json.getBytes(StandardCharsets.UTF_8), schema).rows().getFirst();
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
}
