package dev.sluice.pipeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * Proposes the next trial of a {@code tpe} sweep (Tree-structured Parzen Estimator, Bergstra et al. 2011, as Hyperopt
 * and Optuna's default sampler do it): the rated trials are split into the best {@value #GAMMA} quantile ("good") and
 * the rest ("bad"); each parameter gets a Parzen density over each group, {@code l(x)} and {@code g(x)}, in the space
 * the distribution is uniform in (the value for {@code uniform} and {@code int}, its logarithm for {@code loguniform},
 * counts with a prior of one per value for {@code choice}); {@value #CANDIDATES} candidates are drawn from {@code l},
 * and the one with the largest {@code l(x)/g(x)} is proposed. Parameters are modelled independently.
 *
 * <p>Deterministic: the draws come from {@link java.util.Random} seeded with the sweep's seed and the trial's number,
 * and the arithmetic uses {@link StrictMath}, so the same seed and the same observed results propose the same trial on
 * every JDK (a re-run then finds each trial in the cache). Values are rounded like {@code random}'s. Stateless;
 * thread-safe.
 */
public final class TpeSampler {
    /** The share of rated trials that count as good. */
    public static final double GAMMA = 0.25;
    /** How many candidates are drawn from the good density for each proposal. */
    public static final int CANDIDATES = 24;
    private static final double SQRT2 = StrictMath.sqrt(2);

    private TpeSampler() {
    }

    /**
     * A finished trial as the sampler sees it.
     *
     * @param params    its swept parameters' values
     * @param objective its objective; NaN when it reported none (failed, skipped, no such metric): it is then ignored
     */
    public record Observed(Map<String, Object> params, double objective) {
        public Observed {
            Objects.requireNonNull(params, "params");
        }
    }

    /**
     * The values of trial {@code trial} (1-based).
     *
     * @param history  the trials it may learn from, in trial order
     * @param taken    trials already made, which it avoids proposing again when it can
     * @param fallback what to propose when fewer than two trials are rated (the trial's random draw)
     */
    public static Map<String, Object> propose(SweepSpec sweep, int trial, List<Observed> history,
                                              Set<Map<String, Object>> taken, Map<String, Object> fallback) {
        List<Observed> rated = new ArrayList<>();
        for (Observed o : history) if (!Double.isNaN(o.objective())) rated.add(o);
        if (rated.size() < 2) return fallback;
        boolean max = sweep.objective().goal() == SweepSpec.Goal.MAXIMIZE;
        // best first; a stable sort keeps trial order among equals, so the split does not depend on anything else
        rated.sort(Comparator.comparingDouble(o -> max ? -o.objective() : o.objective()));
        int nGood = Math.max(1, (int) StrictMath.ceil(GAMMA * rated.size()));
        List<Observed> good = rated.subList(0, nGood);
        List<Observed> bad = rated.subList(nGood, rated.size());
        Random random = new Random(sweep.seed() * 1_000_003L + trial);
        Map<String, Parzen> ls = new LinkedHashMap<>();
        Map<String, Parzen> gs = new LinkedHashMap<>();
        sweep.params().forEach((name, d) -> {
            ls.put(name, Parzen.of(d, values(good, name)));
            gs.put(name, Parzen.of(d, values(bad, name)));
        });
        List<Scored> candidates = new ArrayList<>(CANDIDATES);
        for (int c = 0; c < CANDIDATES; c++) {
            Map<String, Object> x = new LinkedHashMap<>();
            double score = 0;
            for (String name : sweep.params().keySet()) {
                Parzen l = ls.get(name);
                double t = l.sample(random);
                score += StrictMath.log(l.density(t)) - StrictMath.log(gs.get(name).density(t));
                x.put(name, l.value(t));
            }
            candidates.add(new Scored(x, score, c));
        }
        candidates.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparingInt(Scored::order));
        for (Scored s : candidates) {
            if (!taken.contains(s.values())) return s.values();
        }
        return fallback;
    }

    private record Scored(Map<String, Object> values, double score, int order) {}

    private static List<Object> values(List<Observed> trials, String param) {
        List<Object> out = new ArrayList<>(trials.size());
        for (Observed o : trials) {
            Object v = o.params().get(param);
            if (v != null) out.add(v);
        }
        return out;
    }

    /** A density over one parameter, in the space its distribution is uniform in. */
    private sealed interface Parzen permits Kernels, Categories {
        /** A point drawn from the density. */
        double sample(Random random);

        /** The density at a point (positive). */
        double density(double t);

        /** The parameter's value at a point. */
        Object value(double t);

        static Parzen of(SweepSpec.Distribution d, List<Object> observed) {
            return switch (d) {
                case SweepSpec.Uniform u -> Kernels.of(d, u.low(), u.high(), observed.stream()
                        .mapToDouble(v -> ((Number) v).doubleValue()).toArray());
                case SweepSpec.LogUniform l -> Kernels.of(d, StrictMath.log(l.low()), StrictMath.log(l.high()),
                        observed.stream().mapToDouble(v -> StrictMath.log(((Number) v).doubleValue())).toArray());
                case SweepSpec.IntRange i -> Kernels.of(d, i.low() - 0.5, i.high() + 0.5, observed.stream()
                        .mapToDouble(v -> ((Number) v).doubleValue()).toArray());
                case SweepSpec.Choice c -> Categories.of(c, observed);
            };
        }
    }

    /**
     * Gaussian kernels truncated to {@code [low, high]}: one at each observation, with the larger distance to its
     * neighbours as its width (clipped to between a hundredth and the whole range, so a tight cluster still explores),
     * plus a wide prior kernel at the centre (Hyperopt's adaptive Parzen estimator).
     */
    private record Kernels(SweepSpec.Distribution d, double low, double high, double[] mu, double[] sigma,
                           double[] mass) implements Parzen {
        static Kernels of(SweepSpec.Distribution d, double low, double high, double[] observed) {
            double[] sorted = observed.clone();
            java.util.Arrays.sort(sorted);
            int n = sorted.length;
            double range = high - low;
            double minSigma = range / Math.min(100.0, n + 1.0);
            double[] mu = new double[n + 1];
            double[] sigma = new double[n + 1];
            for (int i = 0; i < n; i++) {
                double left = sorted[i] - (i == 0 ? low : sorted[i - 1]);
                double right = (i == n - 1 ? high : sorted[i + 1]) - sorted[i];
                mu[i] = sorted[i];
                sigma[i] = Math.min(range, Math.max(minSigma, Math.max(left, right)));
            }
            mu[n] = low + range / 2;
            sigma[n] = range;
            double[] mass = new double[n + 1];
            for (int i = 0; i <= n; i++) mass[i] = phi((high - mu[i]) / sigma[i]) - phi((low - mu[i]) / sigma[i]);
            return new Kernels(d, low, high, mu, sigma, mass);
        }

        @Override
        public double sample(Random random) {
            int k = random.nextInt(mu.length);
            for (int tries = 0; tries < 100; tries++) {
                double t = mu[k] + sigma[k] * random.nextGaussian();
                if (t >= low && t <= high) return t;
            }
            return Math.min(high, Math.max(low, mu[k]));
        }

        @Override
        public double density(double t) {
            double p = 0;
            for (int i = 0; i < mu.length; i++) {
                double z = (t - mu[i]) / sigma[i];
                p += StrictMath.exp(-0.5 * z * z) / (sigma[i] * mass[i]);
            }
            return Math.max(p / mu.length, Double.MIN_NORMAL);
        }

        @Override
        public Object value(double t) {
            return switch (d) {
                case SweepSpec.Uniform u -> Sweep.round(t, u.low(), u.high());
                case SweepSpec.LogUniform l -> Sweep.round(StrictMath.exp(t), l.low(), l.high());
                case SweepSpec.IntRange i -> Math.min(i.high(), Math.max(i.low(), StrictMath.round(t)));
                case SweepSpec.Choice c -> throw new IllegalStateException("a choice has no kernels");
            };
        }
    }

    /** A choice's values, each weighted by how often it was observed plus one. */
    private record Categories(SweepSpec.Choice choice, double[] weights, double total) implements Parzen {
        static Categories of(SweepSpec.Choice c, List<Object> observed) {
            double[] w = new double[c.values().size()];
            java.util.Arrays.fill(w, 1.0);
            for (Object v : observed) {
                int k = c.values().indexOf(v);
                if (k >= 0) w[k]++;
            }
            double total = 0;
            for (double x : w) total += x;
            return new Categories(c, w, total);
        }

        @Override
        public double sample(Random random) {
            double r = random.nextDouble() * total;
            for (int k = 0; k < weights.length; k++) {
                r -= weights[k];
                if (r < 0) return k;
            }
            return weights.length - 1;
        }

        @Override
        public double density(double t) {
            return weights[(int) t] / total;
        }

        @Override
        public Object value(double t) {
            return choice.values().get((int) t);
        }
    }

    /** The standard normal distribution function (Abramowitz and Stegun 7.1.26, error below 1.5e-7). */
    static double phi(double z) {
        double x = Math.abs(z) / SQRT2;
        double t = 1 / (1 + 0.3275911 * x);
        double erf = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t
                * StrictMath.exp(-x * x);
        return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }
}
