package dev.sluice.pipeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The median stopping rule of a sweep's trials ({@code early_stop: {median: ...}}, {@link SweepSpec.Median}), and how
 * a trial's intermediate values are kept. A trial of such a sweep reports its metric step by step
 * ({@code StepContext.report}); each value is kept among the trial's metrics as {@code METRIC@STEP}, so it is recorded,
 * and comes back with a cache hit, like any metric; a stopped trial also gets {@link #STOPPED_AT}. A trial is judged
 * against the trials it learns from (those that must have ended before it starts, so the same results give the same
 * stops) that ended and were not stopped: at step {@code k} past the warm-up, with at least {@code min_trials} of them,
 * it is stopped when its value is worse than the median of theirs at {@code k} (a trial that ended before {@code k}, by
 * its own early stopping, counts with its last value). Stateless.
 */
public final class MedianStopping {
    /** The metric a stopped trial gets: the step it was stopped at. */
    public static final String STOPPED_AT = "stopped_at_step";

    private MedianStopping() {}

    /** The metric name that keeps a trial's value of {@code metric} at {@code step}. */
    public static String key(String metric, int step) {
        return metric + "@" + step;
    }

    /** True for a metric name that keeps an intermediate value ({@code NAME@STEP}); reports list them apart. */
    public static boolean isIntermediate(String name) {
        int at = name.lastIndexOf('@');
        if (at <= 0 || at == name.length() - 1) return false;
        for (int i = at + 1; i < name.length(); i++) {
            if (!Character.isDigit(name.charAt(i))) return false;
        }
        return true;
    }

    /** True when the trial with these metrics was stopped by the rule. */
    public static boolean stopped(Map<String, Double> metrics) {
        return metrics.containsKey(STOPPED_AT);
    }

    /** The values of {@code metric} a trial reported, by step, read back from its metrics. */
    public static NavigableMap<Integer, Double> curve(Map<String, Double> metrics, String metric) {
        NavigableMap<Integer, Double> out = new TreeMap<>();
        String prefix = metric + "@";
        metrics.forEach((name, v) -> {
            if (name.startsWith(prefix) && isIntermediate(name) && name.lastIndexOf('@') == prefix.length() - 1) {
                out.put(Integer.parseInt(name.substring(prefix.length())), v);
            }
        });
        return out;
    }

    /**
     * The rule for one trial.
     *
     * @param median the sweep's rule
     * @param ended  the curves of the trials it learns from that ended and were not stopped, in trial order
     * @param names  how the reason names those trials (e.g. {@code gbdt[trial=1..4]})
     */
    public static Judge judge(SweepSpec.Median median, List<NavigableMap<Integer, Double>> ended, String names) {
        return new Judge(median, List.copyOf(ended), names);
    }

    /** Decides, step by step, whether one trial goes on. Immutable. */
    public record Judge(SweepSpec.Median median, List<NavigableMap<Integer, Double>> ended, String names) {
        /** Why the trial stops at {@code step} with {@code value}; empty while it may go on. */
        public Optional<String> verdict(int step, double value) {
            if (step <= median.warmupSteps() || ended.size() < median.minTrials()) return Optional.empty();
            List<Double> at = new ArrayList<>(ended.size());
            for (NavigableMap<Integer, Double> c : ended) {
                Map.Entry<Integer, Double> e = c.floorEntry(step);
                if (e != null && !Double.isNaN(e.getValue())) at.add(e.getValue());
            }
            if (at.size() < median.minTrials()) return Optional.empty();
            double m = median(at);
            if (!median.goal().better(m, value)) return Optional.empty();
            return Optional.of(String.format(Locale.ROOT, "stopped at step %d: %s = %.4g is worse than the median %.4g of %s"
                    + " at that step (early_stop: {median: {warmup_steps: %d, min_trials: %d}})", step, median.metric(), value,
                    m, names, median.warmupSteps(), median.minTrials()));
        }

        static double median(List<Double> values) {
            List<Double> v = new ArrayList<>(values);
            Collections.sort(v);
            int n = v.size();
            return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
        }
    }
}
