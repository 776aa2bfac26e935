package dev.sluice.pipeline;

import dev.sluice.api.ParamSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The trials of one swept step in a validated {@link Pipeline}: what was searched and the instance names of the
 * trials, in trial order ({@code gbdt[trial=1]}, ...). Each trial's drawn values are its node's
 * {@link StepNode#matrixValues()}. Immutable.
 *
 * @param step the swept step's name ({@code gbdt}, or {@code features/gbdt} inside a used pipeline)
 */
public record SweepTrials(String step, SweepSpec sweep, List<String> trials) {
    public SweepTrials {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(sweep, "sweep");
        trials = List.copyOf(trials);
    }

    /** True for a trial whose values a {@code tpe} sweep proposes while the run goes (one past its startup trials). */
    public boolean proposedAtRunTime(String instance) {
        return sweep.method() == SweepSpec.Method.TPE && trials.indexOf(instance) >= sweep.startup();
    }

    /**
     * Trial {@code node} with the values a {@code tpe} sweep proposed for it: as its matrix values, and as the parameters
     * of those names, each checked against the component's parameter of that name when it has one.
     *
     * @throws IllegalArgumentException when a value does not fit that parameter
     */
    public StepNode withValues(StepNode node, Map<String, Object> values) {
        Map<String, Object> params = new LinkedHashMap<>(node.params());
        Map<String, Object> matrix = new LinkedHashMap<>(node.matrixValues());
        boolean cache = node.cache();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            matrix.put(e.getKey(), e.getValue());
            if (!params.containsKey(e.getKey())) continue;
            Object v = e.getValue();
            if (node.kind() instanceof StepKind.JavaStep j) {
                for (ParamSpec p : j.component().spec().params()) {
                    if (!p.name().equals(e.getKey())) continue;
                    try {
                        v = p.validate(v);
                    } catch (IllegalArgumentException ex) {
                        throw new IllegalArgumentException("sweep of step '" + step + "' proposed a value that does not fit"
                                + " parameter " + ex.getMessage() + " (" + PipelineValidator.describe(p) + ")");
                    }
                }
            }
            params.put(e.getKey(), v);
        }
        if (node.kind() instanceof StepKind.JavaStep j) cache &= j.component().cacheable(params);
        return new StepNode(node.name(), node.baseName(), node.kind(), params, matrix, node.inputs(), node.after(),
                node.dependencies(), node.when(), node.retries(), node.timeout(), node.checks(), node.cpu(), node.env(),
                node.code(), cache);
    }

    /** The same trials under another name, for a step of a used pipeline ({@code features/}). */
    SweepTrials prefixed(String prefix) {
        return new SweepTrials(prefix + step, sweep, trials.stream().map(t -> prefix + t).toList());
    }
}
