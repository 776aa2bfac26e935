package dev.sluice.monitor;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class KolmogorovSmirnovTest {
    /** The uniform distribution on [0, 1] as a two-knot reference. */
    private static final KolmogorovSmirnov UNIFORM = new KolmogorovSmirnov(new double[]{0, 1}, new double[]{0, 1});
    private static final double RES = 1.0 / KolmogorovSmirnov.RESOLUTION;

    @Test
    void kolmogorovDistributionMatchesTextbookValues() {
        // P(K > lambda): scipy.special.kolmogorov; 1.36 and 1.63 are the 5 % and 1 % critical values
        assertThat(KolmogorovSmirnov.kolmogorovQ(0.5)).isCloseTo(0.963945, within(1e-6));
        assertThat(KolmogorovSmirnov.kolmogorovQ(1.0)).isCloseTo(0.270000, within(1e-6));
        assertThat(KolmogorovSmirnov.kolmogorovQ(1.22)).isCloseTo(0.101898, within(1e-6));
        assertThat(KolmogorovSmirnov.kolmogorovQ(1.36)).isCloseTo(0.049486, within(1e-6));
        assertThat(KolmogorovSmirnov.kolmogorovQ(1.63)).isCloseTo(0.009846, within(1e-6));
        assertThat(KolmogorovSmirnov.kolmogorovQ(0)).isEqualTo(1);
        assertThat(KolmogorovSmirnov.kolmogorovQ(5)).isLessThan(1e-20);
    }

    @Test
    void statisticMatchesScipyOnSmallSamples() {
        // scipy.stats.kstest([0.1, 0.4, 0.7, 0.75, 0.9], 'uniform').statistic == 0.3 (at 0.7)
        KolmogorovSmirnov.Result r = UNIFORM.test(new double[]{0.9, 0.1, 0.75, 0.4, 0.7}, 5, 1_000_000);
        assertThat(r.d()).isCloseTo(0.3, within(RES));
        // kstest([0.05, 0.15, 0.2, 0.22, 0.5, 0.55, 0.61, 0.93], 'uniform').statistic == 0.28 (at 0.22)
        double[] x = {0.05, 0.15, 0.2, 0.22, 0.5, 0.55, 0.61, 0.93};
        assertThat(UNIFORM.test(x, x.length, 1_000_000).d()).isCloseTo(0.28, within(RES));
    }

    @Test
    void valuesOutsideTheReferenceRangeCountFully() {
        assertThat(UNIFORM.test(new double[]{-1, -2, 3, 4}, 4, 100).d()).isCloseTo(0.5, within(RES));
        assertThat(UNIFORM.test(new double[]{5, 6}, 2, 100).d()).isEqualTo(1.0);
    }

    @Test
    void pValueUsesTheEffectiveSampleSizeWithStephensCorrection() {
        double ne = 100.0 * 400 / 500;
        double lambda = (Math.sqrt(ne) + 0.12 + 0.11 / Math.sqrt(ne)) * 0.2;
        assertThat(KolmogorovSmirnov.pValue(0.2, 100, 400)).isCloseTo(KolmogorovSmirnov.kolmogorovQ(lambda), within(1e-15));
    }

    @Test
    void sameDiscreteDistributionAsTheKnotsHasNoDistanceAtTheKnots() {
        // a reference of the values 1..4, a quarter each, as interpolated quantiles would give it
        double[] knots = {1, 1, 1.5, 2, 2, 3, 3, 4, 4};
        double[] probs = {0, 0.2, 0.25, 0.3, 0.5, 0.55, 0.75, 0.8, 1};
        KolmogorovSmirnov ks = new KolmogorovSmirnov(knots, probs);
        double[] sample = new double[400];
        for (int i = 0; i < 400; i++) sample[i] = 1 + i % 4;
        KolmogorovSmirnov.Result r = ks.test(sample, sample.length, 10_000);
        assertThat(r.lower()).isCloseTo(0, within(1e-12));
        assertThat(r.pValue()).isEqualTo(1.0);
    }

    @Test
    void lowerBoundStaysBelowTheInterpolatedDistanceAndDetectsAShift() {
        Random rnd = new Random(7);
        double[] ref = new double[20_000];
        for (int i = 0; i < ref.length; i++) ref[i] = rnd.nextGaussian();
        java.util.Arrays.sort(ref);
        double[] kx = new double[101], kp = new double[101];
        for (int i = 0; i <= 100; i++) {
            kp[i] = i / 100.0;
            double pos = kp[i] * (ref.length - 1);
            int lo = (int) Math.floor(pos);
            kx[i] = lo + 1 < ref.length ? ref[lo] + (pos - lo) * (ref[lo + 1] - ref[lo]) : ref[lo];
        }
        KolmogorovSmirnov ks = new KolmogorovSmirnov(kx, kp);
        double[] same = new double[5000], shifted = new double[5000];
        for (int i = 0; i < same.length; i++) {
            same[i] = rnd.nextGaussian();
            shifted[i] = rnd.nextGaussian() + 0.3;
        }
        KolmogorovSmirnov.Result a = ks.test(same, same.length, ref.length);
        KolmogorovSmirnov.Result b = ks.test(shifted, shifted.length, ref.length);
        assertThat(a.lower()).isLessThanOrEqualTo(a.d());
        assertThat(a.pValue()).isGreaterThan(0.01);
        // N(0.3, 1) vs N(0, 1): sup |Phi(x - 0.3) - Phi(x)| = 2 Phi(0.15) - 1 = 0.1192
        assertThat(b.d()).isCloseTo(0.1192, within(0.03));
        assertThat(b.pValue()).isLessThan(1e-10);
    }
}
