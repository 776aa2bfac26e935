package dev.sluice.serve.model;

import dev.sluice.ml.model.ModelInfo;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The input schema a served model reads from its {@code model.json}: field order, types, and what it refuses. */
class InputSchemaTest {
    @Test
    void keepsTheFieldsInOrderWithTheirTypesWhateverTheCaseOfTheTypeName() {
        InputSchema s = InputSchema.of(List.of(new ModelInfo.Field("tenure", "long"), new ModelInfo.Field("charges", " Double "),
                new ModelInfo.Field("contract", "STRING"), new ModelInfo.Field("senior", "bool")));

        assertThat(s.size()).isEqualTo(4);
        assertThat(List.of(s.name(0), s.name(1), s.name(2), s.name(3))).containsExactly("tenure", "charges", "contract", "senior");
        assertThat(List.of(s.type(0), s.type(1), s.type(2), s.type(3)))
                .containsExactly(FieldType.LONG, FieldType.DOUBLE, FieldType.STRING, FieldType.BOOL);
        assertThat(s.indexOf("contract")).isEqualTo(2);
        assertThat(s.indexOf("tenure")).isZero();
        assertThat(s.indexOf("Contract")).as("names are exact").isEqualTo(-1);
    }

    @Test
    void eachTypeHasTheLabelAndTheWordsErrorMessagesUse() {
        assertThat(List.of(FieldType.DOUBLE.label(), FieldType.LONG.label(), FieldType.STRING.label(), FieldType.BOOL.label()))
                .containsExactly("double", "long", "string", "bool");
        assertThat(List.of(FieldType.DOUBLE.expected(), FieldType.LONG.expected(), FieldType.STRING.expected(),
                FieldType.BOOL.expected())).containsExactly("a number", "an integer", "a string", "true or false");
    }

    @Test
    void aTypeServingDoesNotKnowIsRefusedNamingTheFieldAndTheKnownTypes() {
        assertThatThrownBy(() -> InputSchema.of(List.of(new ModelInfo.Field("when", "timestamp"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("input field 'when' has type 'timestamp', which serving does not know (double, long, string, bool)");
    }
}
