package dev.sluice.api;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Typed parameter values: only finite doubles and integers a {@code long} holds, whatever form they come in. */
class ParamSpecTest {
    private static final ParamSpec AUC = ParamSpec.of("min_auc", ParamType.DOUBLE, 0.8).withBounds(0.0, 1.0);
    private static final ParamSpec DEPTH = ParamSpec.of("depth", ParamType.INT, 6L);

    @Test
    void nanAndInfinitiesAreNotDoublesWhetherTextOrNumbers() {
        for (Object raw : new Object[] {"NaN", "Infinity", "-Infinity", "1e400", Double.NaN,
                Double.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            assertThatThrownBy(() -> AUC.validate(raw)).as(String.valueOf(raw))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("min_auc must be a finite number, got ");
        }
        assertThatThrownBy(() -> AUC.validate("NaN")).hasMessage("min_auc must be a finite number, got NaN");
        assertThatThrownBy(() -> AUC.validate("1e400")).hasMessage("min_auc must be a finite number, got '1e400' (Infinity)");
    }

    @Test
    void finiteDoublesStillPassTheirBounds() {
        assertThat(AUC.validate("0.85")).isEqualTo(0.85);
        assertThat(AUC.validate(1L)).isEqualTo(1.0);
        assertThatThrownBy(() -> AUC.validate("1.5")).hasMessage("min_auc = 1.5 is above the maximum 1");
    }

    @Test
    void integersOutsideTheLongRangeAreRefusedNotClamped() {
        assertThatThrownBy(() -> DEPTH.validate("99999999999999999999"))
                .hasMessage("depth = 99999999999999999999 is out of range for an int (a 64-bit integer,"
                        + " -9223372036854775808 to 9223372036854775807)");
        assertThatThrownBy(() -> DEPTH.validate(1e20))
                .hasMessage("depth = 1.0E20 is out of range for an int (a 64-bit integer,"
                        + " -9223372036854775808 to 9223372036854775807)");
        assertThatThrownBy(() -> DEPTH.validate(new BigInteger("1" + "0".repeat(1000))))
                .hasMessageStartingWith("depth = 1000000000").hasMessageEndingWith("is out of range for an int (a 64-bit"
                        + " integer, -9223372036854775808 to 9223372036854775807)");
        assertThatThrownBy(() -> DEPTH.validate(Double.NaN)).hasMessage("depth must be an int, got NaN");
    }

    @Test
    void theLongRangeItselfIsAccepted() {
        assertThat(DEPTH.validate("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(DEPTH.validate("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        assertThat(DEPTH.validate(BigInteger.TEN)).isEqualTo(10L);
        assertThat(DEPTH.validate(-9.223372036854775808e18)).isEqualTo(Long.MIN_VALUE);
        assertThat(DEPTH.validate(4.0)).isEqualTo(4L);
    }
}
