package dev.sluice.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.ml.model.ModelInfo;
import dev.sluice.ml.table.Column;
import dev.sluice.ml.table.Frame;
import org.junit.jupiter.api.Test;

import java.util.BitSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The canary's request bodies and its judgement of one answer (the whole component runs in ClosedLoopTest). */
class CanaryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<ModelInfo.Field> INPUTS = List.of(new ModelInfo.Field("x", "double"),
            new ModelInfo.Field("n", "long"), new ModelInfo.Field("kind", "string"));

    private static Frame table() {
        BitSet missing = new BitSet();
        missing.set(1);
        return new Frame(List.of(new Column.Doubles("x", new double[] {0.5, 2.0}, missing),
                new Column.Doubles("n", new double[] {3.0, 4.0}, null),
                new Column.Strings("kind", new String[] {"a", null}),
                new Column.Strings("class", new String[] {"UP", "DOWN"})));
    }

    @Test
    void rowsBecomeJsonObjectsOfTheInputFieldsInTheirSchemaTypes() {
        assertThat(CanaryRows.bodies(table(), INPUTS, 10)).containsExactly(
                "{\"x\":0.5,\"n\":3,\"kind\":\"a\"}",
                "{\"x\":null,\"n\":4,\"kind\":null}");
        assertThat(CanaryRows.bodies(table(), INPUTS, 1)).hasSize(1);
    }

    @Test
    void aTableWithoutAnInputColumnIsRefusedByName() {
        List<ModelInfo.Field> more = List.of(new ModelInfo.Field("x", "double"), new ModelInfo.Field("price", "double"));
        assertThatThrownBy(() -> CanaryRows.bodies(table(), more, 10))
                .hasMessage("the canary table lacks the model's input column price (it has x, n, kind, class); wire a table"
                        + " with the training features, e.g. split.test");
    }

    @Test
    void anAnswerPassesOnlyWithFiniteOutputsAndReportsItsDifferenceFromBatchScoring() throws Exception {
        List<String> labels = List.of("DOWN", "UP");
        var ok = CanaryComponent.compare(JSON.readTree("{\"label\":\"UP\",\"probabilities\":{\"DOWN\":0.25,\"UP\":0.75}}"),
                new double[] {0.2, 0.8}, true, labels);
        assertThat(ok.problem()).isEmpty();
        assertThat(ok.diff()).isCloseTo(0.05, org.assertj.core.data.Offset.offset(1e-12));

        var nan = CanaryComponent.compare(JSON.readTree("{\"label\":\"UP\",\"probabilities\":{\"DOWN\":null,\"UP\":0.75}}"),
                new double[] {0.2, 0.8}, true, labels);
        assertThat(nan.problem()).hasValueSatisfying(p -> assertThat(p).startsWith("the probability of 'DOWN' is not a finite number"));

        var regression = CanaryComponent.compare(JSON.readTree("{\"value\":null}"), new double[] {1.0}, false, List.of());
        assertThat(regression.problem()).hasValueSatisfying(p -> assertThat(p).startsWith("the value is not a finite number"));
    }
}
