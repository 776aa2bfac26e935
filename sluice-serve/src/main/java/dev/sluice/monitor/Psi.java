package dev.sluice.monitor;

/**
 * The population stability index of two binned distributions:
 * {@code PSI = sum_i (a_i - e_i) * ln(a_i / e_i)}, with {@code e_i} the reference (expected) proportion of bin
 * {@code i} and {@code a_i} the current (actual) one. A proportion of zero would make a term infinite, so every
 * proportion is first raised to at least {@link #EPSILON} (no renormalisation): a bin empty on both sides
 * contributes 0, a bin empty on one side a large but finite amount. Stateless and thread-safe.
 */
final class Psi {
    /** The floor of a bin's proportion (0.01 %), the usual choice in credit-risk practice. */
    static final double EPSILON = 1e-4;

    private Psi() {
    }

    /** PSI from bin counts; each side is divided by its own total. Both totals must be positive. */
    static double of(long[] expected, long[] actual) {
        if (expected.length != actual.length) throw new IllegalArgumentException("bin counts differ in length");
        double te = 0, ta = 0;
        for (int i = 0; i < expected.length; i++) {
            te += expected[i];
            ta += actual[i];
        }
        if (te <= 0 || ta <= 0) return Double.NaN;
        double psi = 0;
        for (int i = 0; i < expected.length; i++) psi += term(expected[i] / te, actual[i] / ta);
        return psi;
    }

    /** PSI from proportions (each array summing to about 1). */
    static double ofProportions(double[] expected, double[] actual) {
        double psi = 0;
        for (int i = 0; i < expected.length; i++) psi += term(expected[i], actual[i]);
        return psi;
    }

    private static double term(double e, double a) {
        double ee = Math.max(e, EPSILON), aa = Math.max(a, EPSILON);
        return (aa - ee) * Math.log(aa / ee);
    }
}
