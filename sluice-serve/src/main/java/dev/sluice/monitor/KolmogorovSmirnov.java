package dev.sluice.monitor;

/**
 * The Kolmogorov-Smirnov distance between a sample and a reference CDF known only at quantile knots, and the
 * asymptotic p-value. Stateless and thread-safe.
 *
 * <p><b>Reference CDF.</b> The training profile keeps quantiles, not the sample: knots {@code (x_k, p_k)}
 * ({@code percentiles} 0, 0.01, ..., 1, or the deciles of older profiles). Between two distinct knots the
 * reference CDF is interpolated linearly; a value repeated at several knots is a jump (a point mass); below the
 * first knot it is 0, above the last 1.
 *
 * <p><b>Statistics.</b> {@link Result#d()} is {@code sup_x |F_n(x) - F_ref(x)|} against that interpolated CDF,
 * computed in one pass without sorting: each value is placed by binary search among the knots, and values
 * between two knots into one of about 2^16 equal-probability sub-buckets; the sup is then bounded above per
 * bucket, so {@code d} may exceed the exact value by at most 2^-16. {@link Result#lower()} is the part of the
 * distance the knots can vouch for: the largest distance from {@code F_n} to the band of every CDF that has the
 * same quantiles (between two knots, and at a knot itself, the band is {@code [p_k, p_k+1]}). The
 * true two-sample distance to the training data lies between {@code lower} and {@code d} plus the grid step
 * (1 % with percentiles). The p-value is computed from {@code lower}, so that the interpolation, which is not
 * the training data, cannot by itself raise an alarm on a large window.
 *
 * <p><b>p-value.</b> Two samples of sizes {@code n} (current) and {@code m} (reference rows): effective size
 * {@code ne = n m / (n + m)}, {@code lambda = (sqrt(ne) + 0.12 + 0.11 / sqrt(ne)) D} (Stephens' correction, as in
 * Numerical Recipes) and {@code p = Q_KS(lambda) = 2 sum_k (-1)^(k-1) exp(-2 k^2 lambda^2)}.
 */
final class KolmogorovSmirnov {
    /** Sub-buckets over the whole probability range: the resolution of {@link Result#d()}. */
    static final int RESOLUTION = 1 << 16;

    /** The distance and its p-value; NaN when there are no values. */
    record Result(double d, double lower, double pValue) {}

    private final double[] knots;
    private final double[] left;
    private final double[] right;
    private final double[] tolerance;
    private final double[] padded;
    private final int[] bucketStart;
    private final int[] bucketCount;
    private final double[] bucketScale;
    private final int buckets;

    /**
     * @param x knot values, ascending (repeats allowed; a value not above its predecessor, within a relative 1e-12, counts as a repeat)
     * @param p the CDF at each knot, ascending from about 0 to 1
     */
    KolmogorovSmirnov(double[] x, double[] p) {
        if (x.length != p.length || x.length == 0) throw new IllegalArgumentException("need as many probabilities as knots, at least one");
        int distinct = 0;
        double[] k = new double[x.length], l = new double[x.length], r = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            // interpolating between two equal order statistics can miss the value by a rounding error
            // (0.0034670000000000004 after 0.003467): a knot within 1e-12 (relative) of the previous one is a repeat
            double xi = x[i];
            if (distinct > 0 && xi <= k[distinct - 1] + tolerance(k[distinct - 1])) {
                r[distinct - 1] = p[i];
            } else {
                k[distinct] = xi;
                l[distinct] = p[i];
                r[distinct] = p[i];
                distinct++;
            }
        }
        l[0] = 0;                      // below the smallest reference value the CDF is 0
        r[distinct - 1] = 1;           // and at the largest it reaches 1
        knots = java.util.Arrays.copyOf(k, distinct);
        left = java.util.Arrays.copyOf(l, distinct);
        right = java.util.Arrays.copyOf(r, distinct);
        padded = Search.pad(knots);
        tolerance = new double[distinct];
        for (int i = 0; i < distinct; i++) tolerance[i] = tolerance(knots[i]);
        int segments = Math.max(0, distinct - 1);
        bucketStart = new int[segments];
        bucketCount = new int[segments];
        bucketScale = new double[segments];
        int total = 0;
        for (int j = 0; j < segments; j++) {
            int s = Math.max(1, (int) Math.ceil((left[j + 1] - right[j]) * RESOLUTION));
            bucketStart[j] = total;
            bucketCount[j] = s;
            bucketScale[j] = s / (knots[j + 1] - knots[j]);
            total += s;
        }
        buckets = total;
    }

    /** KS of {@code values[0..n)} (finite, any order) against this CDF, for a reference of {@code m} rows. */
    Result test(double[] values, int n, long m) {
        if (n == 0) return new Result(Double.NaN, Double.NaN, Double.NaN);
        int kn = knots.length;
        long below = 0;
        long[] atKnot = new long[kn];
        int[] inBucket = new int[buckets];
        double lo = knots[0] - tolerance[0], hi = knots[kn - 1] + tolerance[kn - 1];
        for (int i = 0; i < n; i++) {
            double v = values[i];
            if (v < lo) {
                below++;
            } else if (v > hi) {
                // counted by difference below
            } else {
                // the last knot <= v, or -1 just below the first knot: a branch-free binary search over the knots
                // padded with +infinity to a power of two (random data would mispredict every branch)
                int a = v < knots[0] ? -1 : Search.floor(padded, v);
                // a value within rounding error of a knot is that knot (interpolated quantiles may be off by an ulp)
                if (a >= 0 && v - knots[a] <= tolerance[a]) {
                    atKnot[a]++;
                } else if (a + 1 < kn && knots[a + 1] - v <= tolerance[a + 1]) {
                    atKnot[a + 1]++;
                } else {
                    int bucket = (int) ((v - knots[a]) * bucketScale[a]);
                    inBucket[bucketStart[a] + Math.min(bucket, bucketCount[a] - 1)]++;
                }
            }
        }
        double inv = 1.0 / n;
        long cum = below;
        double d = cum * inv, lower = d;
        for (int j = 0; j < kn; j++) {
            double before = cum * inv;
            cum += atKnot[j];
            double after = cum * inv;
            d = Math.max(d, Math.max(Math.abs(before - left[j]), Math.abs(after - right[j])));
            // any CDF with these quantiles has F(x-) in [right[j-1], left[j]] and F(x) in [right[j], left[j+1]]
            double lowBefore = j == 0 ? 0 : right[j - 1], highAfter = j + 1 == kn ? 1 : left[j + 1];
            lower = Math.max(lower, Math.max(outside(before, lowBefore, left[j]), outside(after, right[j], highAfter)));
            if (j + 1 < kn) {
                double start = after;
                double pa = right[j], step = (left[j + 1] - right[j]) / bucketCount[j];
                int base = bucketStart[j];
                for (int s = 0; s < bucketCount[j]; s++) {
                    double fa = pa + s * step, fb = fa + step;
                    double cb = cum * inv;
                    cum += inBucket[base + s];
                    double ca = cum * inv;
                    d = Math.max(d, Math.max(ca - fa, fb - cb));
                }
                lower = Math.max(lower, Math.max(cum * inv - left[j + 1], right[j] - start));
            }
        }
        d = Math.max(d, 1 - cum * inv);
        lower = Math.max(lower, 1 - cum * inv);
        d = Math.min(1, d);
        lower = Math.min(d, lower);
        return new Result(d, lower, pValue(lower, n, m));
    }

    /** Rounding slack around a knot: relative 1e-12. */
    private static double tolerance(double knot) {
        return 1e-12 * Math.abs(knot);
    }

    private static double outside(double v, double lo, double hi) {
        return v < lo ? lo - v : v > hi ? v - hi : 0;
    }

    /** The asymptotic two-sample p-value of distance {@code d} between samples of sizes {@code n} and {@code m}. */
    static double pValue(double d, long n, long m) {
        if (n <= 0 || m <= 0 || Double.isNaN(d)) return Double.NaN;
        double ne = (double) n * m / ((double) n + m);
        double sq = Math.sqrt(ne);
        return kolmogorovQ((sq + 0.12 + 0.11 / sq) * d);
    }

    /**
     * {@code Q_KS(lambda) = P(K > lambda)} for the Kolmogorov distribution: the alternating series for
     * {@code lambda >= 1.18}, else the Jacobi-theta form {@code 1 - sqrt(2 pi)/lambda sum exp(-(2k-1)^2 pi^2 / (8 lambda^2))},
     * which converges fast there.
     */
    static double kolmogorovQ(double lambda) {
        if (lambda <= 0) return 1;
        if (lambda < 1.18) {
            double y = Math.exp(-Math.PI * Math.PI / (8 * lambda * lambda));
            double sum = 0;
            for (int k = 1; k <= 7; k++) sum += Math.pow(y, (2 * k - 1) * (2 * k - 1));
            return Math.min(1, Math.max(0, 1 - Math.sqrt(2 * Math.PI) / lambda * sum));
        }
        double sum = 0;
        for (int k = 1; k <= 100; k++) {
            double t = Math.exp(-2.0 * k * k * lambda * lambda);
            sum += (k % 2 == 1 ? t : -t);
            if (t < 1e-16) break;
        }
        return Math.min(1, Math.max(0, 2 * sum));
    }
}
