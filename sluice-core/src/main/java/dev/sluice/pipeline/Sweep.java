package dev.sluice.pipeline;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Draws the trials of a {@link SweepSpec}. {@code random} uses {@link java.util.Random} seeded with the sweep's seed,
 * whose algorithm Java specifies, so the same seed gives the same trials on every JDK and machine; parameters are
 * drawn in file order, trial after trial, so raising {@code trials} keeps the trials drawn before. Doubles keep four
 * significant digits (readable names and parameters; finer steps rarely matter to a search) and stay within their
 * range. A trial equal to an earlier one is drawn again. Stateless.
 */
final class Sweep {
    /** Attempts at a trial unlike the earlier ones before the space counts as exhausted. */
    private static final int REDRAWS = 1_000;
    private static final int DIGITS = 4;

    private Sweep() {
    }

    /** The name of trial {@code n} (1-based) of step {@code base}: {@code gbdt[trial=3]}. */
    static String instanceName(String base, int n) {
        return base + "[trial=" + n + "]";
    }

    /**
     * The trials' parameter values, in trial order.
     *
     * @throws IllegalArgumentException when the space holds fewer distinct points than {@code trials}
     */
    static List<Map<String, Object>> trials(SweepSpec sweep) {
        long size = size(sweep);
        if (size < sweep.trials()) {
            throw new IllegalArgumentException("the sweep asks for " + sweep.trials() + " trials, but its parameters have only "
                    + size + " distinct combinations");
        }
        return switch (sweep.method()) {
            case RANDOM, TPE -> random(sweep); // tpe: its startup trials, and what a trial falls back to
        };
    }

    private static List<Map<String, Object>> random(SweepSpec sweep) {
        Random random = new Random(sweep.seed());
        List<Map<String, Object>> out = new ArrayList<>(sweep.trials());
        Set<Map<String, Object>> seen = new HashSet<>();
        for (int t = 0; t < sweep.trials(); t++) {
            Map<String, Object> trial = draw(sweep, random);
            for (int again = 0; !seen.add(trial); again++) {
                if (again == REDRAWS) {
                    throw new IllegalArgumentException("after " + t + " trials the sweep draws only trials it already has");
                }
                trial = draw(sweep, random);
            }
            out.add(trial);
        }
        return out;
    }

    private static Map<String, Object> draw(SweepSpec sweep, Random random) {
        Map<String, Object> trial = new LinkedHashMap<>();
        sweep.params().forEach((name, d) -> trial.put(name, draw(d, random)));
        return trial;
    }

    static Object draw(SweepSpec.Distribution d, Random random) {
        return switch (d) {
            case SweepSpec.Uniform u -> round(u.low() + (u.high() - u.low()) * random.nextDouble(), u.low(), u.high());
            case SweepSpec.LogUniform l -> round(Math.exp(Math.log(l.low())
                    + (Math.log(l.high()) - Math.log(l.low())) * random.nextDouble()), l.low(), l.high());
            case SweepSpec.IntRange i -> i.low() + random.nextInt((int) (i.high() - i.low() + 1));
            case SweepSpec.Choice c -> c.values().get(random.nextInt(c.values().size()));
        };
    }

    /** {@code v} to {@value #DIGITS} significant digits, kept within {@code [low, high]}. */
    static double round(double v, double low, double high) {
        double r = new java.math.BigDecimal(v).round(new java.math.MathContext(DIGITS)).doubleValue();
        return Math.min(high, Math.max(low, r));
    }

    /** How many distinct trials the space holds; {@code Long.MAX_VALUE} when a parameter is continuous. */
    static long size(SweepSpec sweep) {
        long size = 1;
        for (SweepSpec.Distribution d : sweep.params().values()) {
            long n = switch (d) {
                case SweepSpec.Uniform u -> Long.MAX_VALUE;
                case SweepSpec.LogUniform l -> Long.MAX_VALUE;
                case SweepSpec.IntRange i -> i.high() - i.low() + 1;
                case SweepSpec.Choice c -> c.values().stream().distinct().count();
            };
            size = n == Long.MAX_VALUE || size > Long.MAX_VALUE / n ? Long.MAX_VALUE : size * n;
        }
        return size;
    }
}
