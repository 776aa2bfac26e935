package dev.sluice.report;

import dev.sluice.meta.StepRunRow;
import dev.sluice.meta.SweepRow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a sweep went: each trial's status, drawn parameters and objective (its metric of that name), and the best
 * trial among those that succeeded (or came from the cache), were not stopped by the median rule, and reported a number. Read from a run's records
 * ({@link #of(RunView, List)}) or built from a run just finished. Immutable.
 *
 * @param step   the swept step ({@code gbdt})
 * @param metric the objective's metric
 * @param goal   {@code maximize} or {@code minimize}
 */
public record SweepResult(String step, String method, String metric, String goal, long seed, List<Trial> trials,
                          Optional<Trial> best) {
    public SweepResult {
        Objects.requireNonNull(step, "step");
        trials = List.copyOf(trials);
        Objects.requireNonNull(best, "best");
    }

    /**
     * One trial.
     *
     * @param status    the step status label ({@code succeeded}, {@code cached}, {@code failed}...)
     * @param objective the trial's objective, when it reported one
     * @param params    the swept parameters' values, as text
     */
    public record Trial(String name, String status, Optional<Double> objective, Map<String, String> params) {
        public Trial {
            Objects.requireNonNull(name, "name");
            params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
        }

        boolean rated() {
            return (status.equals("succeeded") || status.equals("cached")) && objective.filter(v -> !v.isNaN()).isPresent();
        }
    }

    /** The result of a sweep from its trials; the best is the first trial with the best objective. */
    public static SweepResult of(String step, String method, String metric, String goal, long seed, List<Trial> trials) {
        boolean maximize = goal.equals("maximize");
        Trial best = null;
        for (Trial t : trials) {
            if (!t.rated()) continue;
            double v = t.objective().orElseThrow();
            double b = best == null ? Double.NaN : best.objective().orElseThrow();
            if (best == null || (maximize ? v > b : v < b)) best = t;
        }
        return new SweepResult(step, method, metric, goal, seed, trials, Optional.ofNullable(best));
    }

    /** The sweeps of a recorded run, their trials read from its step runs (base step = the swept step). */
    public static List<SweepResult> of(RunView view, List<SweepRow> sweeps) {
        List<SweepResult> out = new ArrayList<>();
        for (SweepRow s : sweeps) {
            List<Trial> trials = new ArrayList<>();
            for (RunView.StepView v : view.steps()) {
                StepRunRow r = v.last();
                if (!r.baseStep().equals(s.step())) continue;
                Map<String, String> params = new LinkedHashMap<>();
                s.params().forEach(p -> Optional.ofNullable(r.params().get(p)).ifPresent(x -> params.put(p, unquoted(x))));
                trials.add(new Trial(r.step(), status(r.state().label(), r.metrics()), Optional.ofNullable(r.metrics().get(s.metric())), params));
            }
            trials.sort(java.util.Comparator.comparingInt(t -> trialNumber(t.name())));
            out.add(of(s.step(), s.method(), s.metric(), s.goal(), s.seed(), trials));
        }
        return out;
    }

    /**
     * A trial's status as the sweep's table shows it: its step's status, or {@code stopped at step K} for a trial the
     * median rule stopped while it ran ({@code early_stop: {median: ...}}), which is never the best.
     */
    public static String status(String label, Map<String, Double> metrics) {
        Double at = metrics.get(dev.sluice.pipeline.MedianStopping.STOPPED_AT);
        return at == null ? label : "stopped at step " + at.longValue();
    }

    /** {@code gbdt[trial=12]} gives 12; names without a number sort last. */
    static int trialNumber(String name) {
        int at = name.lastIndexOf("[trial=");
        if (at < 0 || !name.endsWith("]")) return Integer.MAX_VALUE;
        try {
            return Integer.parseInt(name.substring(at + 7, name.length() - 1));
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    /** A parameter recorded as JSON text ({@code "dart"}) as people read it ({@code dart}). */
    private static String unquoted(String json) {
        return json.length() >= 2 && json.startsWith("\"") && json.endsWith("\"") ? json.substring(1, json.length() - 1) : json;
    }

}
