package dev.sluice.monitor;

import dev.sluice.ml.table.Column;
import org.junit.jupiter.api.Test;

import java.util.BitSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PsiTest {
    @Test
    void identicalDistributionsHaveZeroPsi() {
        assertThat(Psi.of(new long[]{10, 20, 30, 0}, new long[]{100, 200, 300, 0})).isCloseTo(0, within(1e-12));
    }

    @Test
    void shiftedDistributionHasTheHandComputedValue() {
        // e = (0.5, 0.5), a = (0.8, 0.2): 0.3 ln(1.6) + (-0.3) ln(0.4) = 0.415888...
        assertThat(Psi.of(new long[]{50, 50}, new long[]{80, 20})).isCloseTo(0.3 * Math.log(1.6) - 0.3 * Math.log(0.4), within(1e-12));
        assertThat(Psi.of(new long[]{50, 50}, new long[]{80, 20})).isCloseTo(0.415888, within(1e-6));
    }

    @Test
    void emptyBinIsSmoothedWithEpsilon() {
        // e = (1, 0), a = (0.9, 0.1): the empty reference bin counts as 1e-4
        double expected = (0.9 - 1) * Math.log(0.9) + (0.1 - 1e-4) * Math.log(0.1 / 1e-4);
        assertThat(Psi.of(new long[]{10, 0}, new long[]{9, 1})).isCloseTo(expected, within(1e-12));
    }

    /** A training profile of x with bins [0, 1), [1, 2), [2, 3] holding 10, 10 and 20 of 40 rows, none missing. */
    private static final ReferenceProfile.Numeric X = new ReferenceProfile.Numeric("x", 40, 0, new double[] {0, 1, 2, 3},
            new long[] {10, 10, 20}, new double[0], new double[0]);

    @Test
    void numericValuesBelowTheTrainingMinimumAndAboveTheMaximumLandInTheOuterBins() {
        BitSet nulls = new BitSet();
        nulls.set(11);
        double[] values = {-5, -0.001, 0, 0.999, 1, 2.5, 3, Math.nextUp(3.0), 99, Double.NaN, Double.POSITIVE_INFINITY, 7};
        FeatureDrift f = new DriftMonitor(DriftThresholds.DEFAULTS).numeric(X, new Column.Doubles("x", values, nulls));

        assertThat(f.bins()).containsExactly("< 0.000", "[0.000, 1.000)", "[1.000, 2.000)", "[2.000, 3.000]", "> 3.000", "missing");
        // below: -5, -0.001; [0, 1): 0, 0.999; [1, 2): 1; [2, 3]: 2.5, 3 (the last bin is closed); above: 3+ulp, 99;
        // missing: NaN, infinity and the null
        assertThat(f.actual()).containsExactly(2 / 12.0, 2 / 12.0, 1 / 12.0, 2 / 12.0, 2 / 12.0, 3 / 12.0);
        assertThat(f.expected()).containsExactly(0, 0.25, 0.25, 0.5, 0, 0);
        assertThat(f.rows()).isEqualTo(9);
        assertThat(f.missing()).isEqualTo(3);
        double e = Psi.EPSILON;
        double psi = (2 / 12.0 - e) * Math.log(2 / 12.0 / e) + (2 / 12.0 - 0.25) * Math.log(2 / 12.0 / 0.25)
                + (1 / 12.0 - 0.25) * Math.log(1 / 12.0 / 0.25) + (2 / 12.0 - 0.5) * Math.log(2 / 12.0 / 0.5)
                + (2 / 12.0 - e) * Math.log(2 / 12.0 / e) + (3 / 12.0 - e) * Math.log(3 / 12.0 / e);
        assertThat(f.psi()).isCloseTo(psi, within(1e-12));
        assertThat(f.status()).isEqualTo(DriftStatus.DRIFT);
    }

    @Test
    void integerValuesAreBinnedAsNumbersWithTheSameOuterBins() {
        BitSet nulls = new BitSet();
        nulls.set(4);
        FeatureDrift f = new DriftMonitor(DriftThresholds.DEFAULTS).numeric(X,
                new Column.Longs("x", new long[] {-1, 0, 2, 3, 0, 4, 4, 1}, nulls));
        // below: -1; [0, 1): 0; [1, 2): 1; [2, 3]: 2, 3; above: 4, 4; missing: the null
        assertThat(f.actual()).containsExactly(1 / 8.0, 1 / 8.0, 1 / 8.0, 2 / 8.0, 2 / 8.0, 1 / 8.0);
    }

    @Test
    void aConstantTrainingColumnHasOneClosedBinAndShowsAnyShift() {
        var constant = new ReferenceProfile.Numeric("c", 10, 0, new double[] {4, 4}, new long[] {10}, new double[0], new double[0]);
        DriftMonitor monitor = new DriftMonitor(DriftThresholds.DEFAULTS);
        FeatureDrift same = monitor.numeric(constant, new Column.Doubles("c", new double[] {4, 4, 4}, null));
        assertThat(same.bins()).containsExactly("< 4.000", "[4.000, 4.000]", "> 4.000", "missing");
        assertThat(same.actual()).containsExactly(0, 1, 0, 0);
        assertThat(same.psi()).isZero();
        FeatureDrift moved = monitor.numeric(constant, new Column.Doubles("c", new double[] {3, 4, 5, 5}, null));
        assertThat(moved.actual()).containsExactly(0.25, 0.25, 0.5, 0);
        assertThat(moved.status()).isEqualTo(DriftStatus.DRIFT);
    }

    @Test
    void repeatedEdgesLeaveTheirEmptyBinEmpty() {
        // deciles of discrete data repeat: bins [0, 0), [0, 1), [1, 1), [1, 2]; a value on a repeated edge goes to the
        // bin that starts there and is not empty
        var discrete = new ReferenceProfile.Numeric("d", 30, 0, new double[] {0, 0, 1, 1, 2}, new long[] {0, 10, 0, 20},
                new double[0], new double[0]);
        FeatureDrift f = new DriftMonitor(DriftThresholds.DEFAULTS).numeric(discrete,
                new Column.Doubles("d", new double[] {0, 0.5, 1, 1.5, 2}, null));
        assertThat(f.actual()).containsExactly(0, 0, 0.4, 0, 0.6, 0, 0);
    }

    @Test
    void categoricalPsiPutsUnseenCategoriesInOther() {
        var ref = new ReferenceProfile.Categorical("c", 0, new String[]{"a", "b"}, new long[]{50, 50}, 0);
        String[] current = new String[100];
        for (int i = 0; i < 100; i++) current[i] = i < 40 ? "a" : i < 80 ? "b" : "z";
        FeatureDrift f = new DriftMonitor(DriftThresholds.DEFAULTS).categorical(ref, new Column.Strings("c", current));
        // bins a, b, other, missing: e = (.5, .5, 0, 0), a = (.4, .4, .2, 0)
        double expected = 2 * (0.4 - 0.5) * Math.log(0.4 / 0.5) + (0.2 - 1e-4) * Math.log(0.2 / 1e-4);
        assertThat(f.psi()).isCloseTo(expected, within(1e-12));
        assertThat(f.bins()).containsExactly("a", "b", "other", "missing");
        assertThat(f.actual()).containsExactly(0.4, 0.4, 0.2, 0.0);
        assertThat(f.status()).isEqualTo(DriftStatus.DRIFT);
        assertThat(f.ksPValue()).isNaN();
    }

    @Test
    void nullsFormTheMissingBin() {
        var ref = new ReferenceProfile.Categorical("c", 0, new String[]{"a"}, new long[]{10}, 0);
        FeatureDrift f = new DriftMonitor(DriftThresholds.DEFAULTS).categorical(ref, new Column.Strings("c", new String[]{"a", null}));
        assertThat(f.missing()).isEqualTo(1);
        assertThat(f.rows()).isEqualTo(1);
        assertThat(f.actual()).containsExactly(0.5, 0.0, 0.5);
    }

    @Test
    void thresholdsClassifyAndParseSettings() {
        DriftThresholds t = DriftThresholds.DEFAULTS;
        assertThat(t.classify(0.05, 0.5)).isEqualTo(DriftStatus.OK);
        assertThat(t.classify(0.15, 0.5)).isEqualTo(DriftStatus.WARNING);
        assertThat(t.classify(0.25, 0.5)).isEqualTo(DriftStatus.DRIFT);
        assertThat(t.classify(0.05, 0.001)).isEqualTo(DriftStatus.DRIFT);
        assertThat(t.classify(0.05, Double.NaN)).isEqualTo(DriftStatus.OK);
        assertThat(t.with("psi=0.3").psiDrift()).isEqualTo(0.3);
        assertThat(t.with("ks_p=0.001").ksPValue()).isEqualTo(0.001);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> t.with("kl=1"))
                .hasMessage("unknown threshold 'kl'; use psi, psi_warning or ks_p, e.g. psi=0.25");
    }
}
