package dev.sluice.pipeline;

import dev.sluice.pipeline.internal.Copies;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A step's {@code sweep:}: a search over its parameters, the alternative to {@code matrix:} when the grid is too
 * large to try whole. Each trial is an instance of the step, named {@code STEP[trial=N]} and read downstream like a
 * matrix instance ({@code gbdt[*].model}); its parameters are drawn from {@code params} by {@code method}.
 *
 * <pre>{@code
 * sweep:
 *   method: random
 *   trials: 20
 *   seed: 7
 *   parallel: 4
 *   objective: {metric: best_logloss, goal: minimize}
 *   params:
 *     eta: {loguniform: [0.01, 0.3]}
 *     max_depth: {int: [2, 8]}
 *     booster: {choice: [gbtree, dart]}
 * }</pre>
 *
 * @param trials    how many trials (instances)
 * @param seed      the seed of the draws: the same seed gives the same trials, so a re-run reuses them from the cache
 * @param parallel  at most this many trials run at once; 0 for no bound beyond the run's workers
 * @param objective the metric each trial reports that says how good it is, and whether more is better
 * @param params    parameter name to the distribution its values are drawn from, in file order
 * @param startup   {@code tpe}: how many first trials are drawn like {@code random} before the model proposes
 * @param patience  end the sweep after this many trials in a row that do not improve the best objective (the rest
 *                  are skipped with that reason); 0 never stops early
 * @param median    stop a trial while it runs when the intermediate metric it reports is worse than the median of the
 *                  trials before it at the same step ({@code early_stop: {median: ...}}); null for none
 */
public record SweepSpec(Method method, int trials, long seed, int parallel, Objective objective,
                        Map<String, Distribution> params, int startup, int patience, Median median) {
    /** {@code tpe}'s default number of random trials before the model proposes (as Optuna's TPE sampler). */
    public static final int DEFAULT_STARTUP = 10;

    public SweepSpec {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(objective, "objective");
        params = Copies.ordered(params);
        if (trials < 1) throw new IllegalArgumentException("a sweep needs at least one trial, got " + trials);
        if (parallel < 0) throw new IllegalArgumentException("parallel must be 0 (no bound) or more, got " + parallel);
        if (startup < 1 || startup > trials) {
            throw new IllegalArgumentException("startup must be between 1 and trials (" + trials + "), got " + startup);
        }
        if (patience < 0) throw new IllegalArgumentException("early_stop patience must be 1 or more, got " + patience);
    }

    /** A sweep without median stopping of its trials. */
    public SweepSpec(Method method, int trials, long seed, int parallel, Objective objective,
                     Map<String, Distribution> params, int startup, int patience) {
        this(method, trials, seed, parallel, objective, params, startup, patience, null);
    }

    /** A sweep without early stopping, with the default {@code startup} (at most {@code trials}). */
    public SweepSpec(Method method, int trials, long seed, int parallel, Objective objective, Map<String, Distribution> params) {
        this(method, trials, seed, parallel, objective, params, Math.min(DEFAULT_STARTUP, Math.max(1, trials)), 0, null);
    }

    /**
     * How many trials may run at once as the DAG expresses it: {@code parallel}, and for {@code tpe} at least 1 (without a
     * bound every trial would start before any result is known, and the model would have nothing to learn from).
     */
    public int window() {
        return learns() ? Math.max(1, parallel) : parallel;
    }

    /**
     * True when a trial depends on the results of earlier ones ({@code tpe}, or early stopping): trial {@code n} then
     * starts only once every trial up to {@code n - window()} has ended, and reads exactly those, so the same results
     * give the same decisions however the trials' ends interleave.
     */
    public boolean learns() {
        return method == Method.TPE || patience > 0 || median != null;
    }

    /** The same sweep with median stopping of its trials ({@code null} for none). */
    public SweepSpec withMedian(Median median) {
        return new SweepSpec(method, trials, seed, parallel, objective, params, startup, patience, median);
    }

    /**
     * {@code early_stop: {median: {metric, goal, warmup_steps, min_trials}}}: a trial that reports {@code metric} at step
     * {@code k} ({@code StepContext.report}) is stopped there when its value is worse, for {@code goal}, than the median of
     * the values at step {@code k} (or the last one before it) of the ended, unstopped trials it learns from, once
     * {@code k > warmupSteps} and there are at least {@code minTrials} of them.
     *
     * @param metric      the intermediate metric the trials report (xgboost: {@code logloss}, {@code mlogloss}, {@code rmse})
     * @param goal        whether more is better for it
     * @param warmupSteps steps never judged (0 or more)
     * @param minTrials   ended trials needed before any trial is judged (1 or more)
     */
    public record Median(String metric, Goal goal, int warmupSteps, int minTrials) {
        public Median {
            Objects.requireNonNull(metric, "metric");
            Objects.requireNonNull(goal, "goal");
            if (metric.isBlank()) throw new IllegalArgumentException("median stopping needs a metric");
            if (warmupSteps < 0) throw new IllegalArgumentException("warmup_steps must be 0 or more, got " + warmupSteps);
            if (minTrials < 1) throw new IllegalArgumentException("min_trials must be 1 or more, got " + minTrials);
        }
    }

    /**
     * How trials are proposed. {@code random} draws them all before the run from the seed, so the plan knows them.
     * {@code tpe} (Tree-structured Parzen Estimator) draws its first {@code startup} trials like {@code random}, then
     * proposes each later trial from the results of the trials that must have ended before it starts
     * ({@link TpeSampler}).
     */
    public enum Method {
        RANDOM, TPE;

        public String yamlName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Method> parse(String text) {
            return Arrays.stream(values()).filter(m -> m.yamlName().equals(text)).findFirst();
        }

        public static List<String> names() {
            return Arrays.stream(values()).map(Method::yamlName).toList();
        }
    }

    /** Whether a larger objective is better. */
    public enum Goal {
        MAXIMIZE, MINIMIZE;

        public String yamlName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Goal> parse(String text) {
            return Arrays.stream(values()).filter(g -> g.yamlName().equals(text)).findFirst();
        }

        /** True when {@code a} is better than {@code b} for this goal (NaN is never better). */
        public boolean better(double a, double b) {
            if (Double.isNaN(a)) return false;
            if (Double.isNaN(b)) return true;
            return this == MAXIMIZE ? a > b : a < b;
        }
    }

    /** The metric that rates a trial, read from the metrics the trial reports. */
    public record Objective(String metric, Goal goal) {
        public Objective {
            Objects.requireNonNull(metric, "metric");
            Objects.requireNonNull(goal, "goal");
        }
    }

    /** Where a parameter's values are drawn from. */
    public sealed interface Distribution permits Uniform, LogUniform, IntRange, Choice {}

    /** A double between {@code low} and {@code high}, every value as likely. */
    public record Uniform(double low, double high) implements Distribution {
        public Uniform {
            if (!(low < high) || !Double.isFinite(low) || !Double.isFinite(high)) {
                throw new IllegalArgumentException("uniform needs finite low < high, got [" + low + ", " + high + "]");
            }
        }
    }

    /** A double between {@code low} and {@code high} (both positive) whose logarithm is uniform: each decade as likely. */
    public record LogUniform(double low, double high) implements Distribution {
        public LogUniform {
            if (!(low > 0 && low < high) || !Double.isFinite(high)) {
                throw new IllegalArgumentException("loguniform needs 0 < low < high, got [" + low + ", " + high + "]");
            }
        }
    }

    /** A whole number from {@code low} to {@code high}, both included. */
    public record IntRange(long low, long high) implements Distribution {
        public IntRange {
            if (low > high) throw new IllegalArgumentException("int needs low <= high, got [" + low + ", " + high + "]");
            if (high - low >= Integer.MAX_VALUE || high - low < 0) {
                throw new IllegalArgumentException("int range [" + low + ", " + high + "] is wider than 2^31 values");
            }
        }
    }

    /** One of the listed values, each as likely. */
    public record Choice(List<Object> values) implements Distribution {
        public Choice {
            values = List.copyOf(values);
            if (values.isEmpty()) throw new IllegalArgumentException("choice needs at least one value");
        }
    }
}
