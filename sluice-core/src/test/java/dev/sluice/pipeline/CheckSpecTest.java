package dev.sluice.pipeline;

import dev.sluice.pipeline.CheckSpec.Op;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Every gate operator at, just below and just above its threshold, and on a NaN metric. */
class CheckSpecTest {
    private static final double T = 0.8;
    private static final double BELOW = Math.nextDown(T);
    private static final double ABOVE = Math.nextUp(T);

    @ParameterizedTest(name = "{0}: below {1}, at {2}, above {3}")
    @CsvSource({
            ">=, false, true,  true",
            ">,  false, false, true",
            "<=, true,  true,  false",
            "<,  true,  false, false",
            "==, false, true,  false",
            "!=, true,  false, true",
    })
    void passesExactlyOnItsSideOfTheThreshold(String symbol, boolean below, boolean at, boolean above) {
        CheckSpec check = CheckSpec.parse("auc", symbol + " 0.8");
        assertThat(check.op().symbol()).isEqualTo(symbol);
        assertThat(check.test(BELOW)).as("just below").isEqualTo(below);
        assertThat(check.test(T)).as("at").isEqualTo(at);
        assertThat(check.test(ABOVE)).as("just above").isEqualTo(above);
    }

    @ParameterizedTest
    @EnumSource(Op.class)
    void aNanMetricPassesNoGate(Op op) {
        CheckSpec check = CheckSpec.parse("auc", op.symbol() + " 0.8");
        assertThat(check.test(Double.NaN)).as(op.symbol() + " NaN").isFalse();
    }

    @ParameterizedTest
    @CsvSource({"'>= 0.8', GE", "'0.8', EQ", "'  <=0.8 ', LE", "'!= 0.8', NE", "'> 0.8', GT", "'< 0.8', LT", "'== 0.8', EQ"})
    void readsEveryOperator(String expression, Op op) {
        CheckSpec check = CheckSpec.parse("auc", expression);
        assertThat(check.op()).isEqualTo(op);
        assertThat(check.threshold()).isEqualTo(0.8);
        assertThat(check.expected()).isEqualTo(op.symbol() + " 0.8");
    }
}
