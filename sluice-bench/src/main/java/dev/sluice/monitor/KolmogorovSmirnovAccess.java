package dev.sluice.monitor;

/** {@link KolmogorovSmirnov} (package-private) for {@code ReplacementTiming}: {d, lower, p}. */
public final class KolmogorovSmirnovAccess {
    private KolmogorovSmirnovAccess() {
    }

    public static double[] test(double[] knots, double[] probabilities, double[] values, long referenceRows) {
        KolmogorovSmirnov.Result r = new KolmogorovSmirnov(knots, probabilities).test(values, values.length, referenceRows);
        return new double[] {r.d(), r.lower(), r.pValue()};
    }
}
