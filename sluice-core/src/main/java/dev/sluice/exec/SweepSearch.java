package dev.sluice.exec;

import dev.sluice.api.StepStatus;
import dev.sluice.pipeline.MedianStopping;
import dev.sluice.pipeline.StepNode;
import dev.sluice.pipeline.SweepSpec;
import dev.sluice.pipeline.SweepTrials;
import dev.sluice.pipeline.TpeSampler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;

/**
 * The sweeps of one run whose trials learn from earlier ones ({@code tpe}, or {@code early_stop:}). Trial {@code n} of
 * such a sweep starts only once trials 1 to {@code n - window} have ended (the DAG says so, {@code SweepSpec.window});
 * just before it runs, {@link #prepare} reads exactly those trials' objectives, in trial order, and either skips the
 * trial (the sweep stopped early) or, for {@code tpe} past its {@code startup} trials, replaces its node by one holding
 * the values {@link TpeSampler} proposes. As those trials and their order are fixed, the same results give the same
 * decisions whatever finished first, so a re-run finds every trial in the cache. Thread-safe: trial slots are prepared
 * by the worker that runs them, and read only trials that have ended.
 */
final class SweepSearch {
    private final RunPlan plan;
    private final StepProgress[] states;
    /** slot of a trial of a learning sweep to its place in it */
    private final Map<Integer, Place> places;
    /** Slots whose node holds its proposed values already (a retry keeps them). */
    private final Set<Integer> proposed = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Slot of a trial of a sweep with median stopping to the rule that judges it, set by {@link #prepare}. */
    private final Map<Integer, MedianStopping.Judge> judges = new java.util.concurrent.ConcurrentHashMap<>();

    private record Place(SweepTrials sweep, int trial, int[] slots) {}

    SweepSearch(RunPlan plan, StepProgress[] states) {
        this.plan = plan;
        this.states = states;
        Map<Integer, Place> out = new HashMap<>();
        for (SweepTrials s : plan.pipeline.sweeps().values()) {
            if (!s.sweep().learns()) continue;
            int[] slots = s.trials().stream().mapToInt(plan::indexOf).toArray();
            for (int k = 0; k < slots.length; k++) {
                if (slots[k] >= 0) out.put(slots[k], new Place(s, k + 1, slots));
            }
        }
        this.places = Map.copyOf(out);
    }

    /**
     * Before step {@code i} runs (each attempt): why it is skipped when its sweep stopped early; else empty, its node then
     * holding the trial's values.
     *
     * @throws IllegalArgumentException when a proposed value does not fit the component's parameter
     */
    Optional<String> prepare(int i) {
        Place at = places.get(i);
        if (at == null) return Optional.empty();
        SweepSpec spec = at.sweep().sweep();
        int seen = Math.max(0, at.trial() - spec.window());
        List<TpeSampler.Observed> history = new ArrayList<>(seen);
        for (int k = 0; k < seen; k++) history.add(observed(at.slots()[k]));
        Optional<String> stop = stopped(at.sweep(), history);
        if (stop.isPresent()) return stop;
        if (spec.median() != null) judges.put(i, judge(at, spec.median(), seen));
        if (spec.method() != SweepSpec.Method.TPE || at.trial() <= spec.startup()) return Optional.empty();
        StepNode node = plan.nodes[i];
        if (!proposed.add(i)) return Optional.empty();
        Set<Map<String, Object>> taken = new HashSet<>();
        for (int k = 0; k < spec.startup(); k++) taken.add(plan.nodes[at.slots()[k]].matrixValues());
        for (TpeSampler.Observed o : history) taken.add(o.params());
        Map<String, Object> values = TpeSampler.propose(spec, at.trial(), history, taken, node.matrixValues());
        plan.nodes[i] = at.sweep().withValues(node, values);
        return Optional.empty();
    }

    /**
     * The median rule of the trial at {@code at}, against the first {@code seen} trials of its sweep: those that ended
     * (succeeded or cached) without being stopped.
     */
    private MedianStopping.Judge judge(Place at, SweepSpec.Median median, int seen) {
        List<NavigableMap<Integer, Double>> ended = new ArrayList<>();
        for (int k = 0; k < seen; k++) {
            StepProgress s = states[at.slots()[k]];
            if ((s.status == StepStatus.SUCCEEDED || s.status == StepStatus.CACHED) && !MedianStopping.stopped(s.metrics)) {
                ended.add(MedianStopping.curve(s.metrics, median.metric()));
            }
        }
        String names = seen == 0 ? "no trial" : seen == 1 ? at.sweep().trials().get(0)
                : at.sweep().trials().get(0) + " to " + at.sweep().trials().get(seen - 1);
        return MedianStopping.judge(median, ended, names);
    }

    /**
     * {@code keyParams} with the median rule of the sweep whose trial {@code node} is, when it has one: a trial the rule
     * may stop is not the same result as one run to its end, so the rule is part of its cache key.
     */
    static Map<String, Object> withRule(dev.sluice.pipeline.Pipeline pipeline, StepNode node, Map<String, Object> keyParams) {
        SweepTrials s = pipeline.sweeps().get(node.baseName());
        SweepSpec.Median m = s == null ? null : s.sweep().median();
        if (m == null || !s.trials().contains(node.name())) return keyParams;
        Map<String, Object> out = new java.util.LinkedHashMap<>(keyParams);
        out.put("sweep.median", m.metric() + " " + m.goal().yamlName() + " warmup_steps=" + m.warmupSteps()
                + " min_trials=" + m.minTrials());
        return out;
    }

    /** The median rule that judges step {@code i} while it runs, once {@link #prepare} made it; empty for other steps. */
    Optional<MedianStopping.Judge> judge(int i) {
        return Optional.ofNullable(judges.get(i));
    }

    private TpeSampler.Observed observed(int slot) {
        StepProgress s = states[slot];
        Double v = (s.status == StepStatus.SUCCEEDED || s.status == StepStatus.CACHED) && !MedianStopping.stopped(s.metrics)
                ? s.metrics.get(metricOf(slot)) : null;
        return new TpeSampler.Observed(plan.nodes[slot].matrixValues(), v == null ? Double.NaN : v);
    }

    private String metricOf(int slot) {
        return places.get(slot).sweep().sweep().objective().metric();
    }

    /**
     * Why the sweep stopped, if at some point of its history the last {@code patience} trials ended without improving
     * the best objective before them; a trial without an objective does not improve it.
     */
    static Optional<String> stopped(SweepTrials sweep, List<TpeSampler.Observed> history) {
        int patience = sweep.sweep().patience();
        if (patience <= 0) return Optional.empty();
        SweepSpec.Goal goal = sweep.sweep().objective().goal();
        double best = Double.NaN;
        int bestAt = -1;
        int since = 0;
        for (int k = 0; k < history.size(); k++) {
            double v = history.get(k).objective();
            if (!Double.isNaN(v) && (bestAt < 0 || goal.better(v, best))) {
                best = v;
                bestAt = k;
                since = 0;
            } else if (bestAt >= 0 && ++since >= patience) {
                return Optional.of("sweep stopped early: no trial improved " + sweep.sweep().objective().metric() + " = "
                        + String.format(java.util.Locale.ROOT, "%.4g", best) + " of " + sweep.trials().get(bestAt) + " in the "
                        + patience + " trials after it (early_stop: {patience: " + patience + "})");
            }
        }
        return Optional.empty();
    }
}
