package dev.sluice.monitor;

import dev.sluice.ml.table.Column;
import org.junit.jupiter.api.Test;

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

    @Test
    void numericBinsClampValuesOutsideTheEdgesAndCloseTheLastBin() {
        double[] edges = {0, 1, 2, 3};
        assertThat(DriftMonitor.bin(edges, -5)).isZero();
        assertThat(DriftMonitor.bin(edges, 0)).isZero();
        assertThat(DriftMonitor.bin(edges, 0.999)).isZero();
        assertThat(DriftMonitor.bin(edges, 1)).isEqualTo(1);
        assertThat(DriftMonitor.bin(edges, 2.5)).isEqualTo(2);
        assertThat(DriftMonitor.bin(edges, 3)).isEqualTo(2);
        assertThat(DriftMonitor.bin(edges, 99)).isEqualTo(2);
        assertThat(DriftMonitor.bin(new double[]{4, 4}, 4)).isZero();
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
