package dev.sluice.exec;

import dev.sluice.api.StepStatus;
import dev.sluice.pipeline.Binding;
import dev.sluice.pipeline.OutputRef;
import dev.sluice.pipeline.StepNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The upstream artifacts wired to a step's inputs, gathered when it starts: per port, the outputs of the
 * producers that were not skipped, in binding order. Immutable once built.
 *
 * @param values     port name to the present values ({@link java.nio.file.Path} or a value); a port whose only
 *                   producer was skipped maps to an empty list
 * @param skipReason set when a required input's producers were all skipped, so the step must be skipped too
 */
record StepInputs(Map<String, Binding> bindings, Map<String, List<Object>> values, Optional<String> skipReason) {

    static StepInputs gather(RunPlan plan, StepProgress[] states, int step) {
        StepNode node = plan.nodes[step];
        Map<String, List<Object>> values = new LinkedHashMap<>();
        for (Map.Entry<String, Binding> e : node.inputs().entrySet()) {
            Binding b = e.getValue();
            List<Object> present = new ArrayList<>(b.sources().size());
            List<String> skipped = new ArrayList<>();
            List<String> empty = new ArrayList<>();
            for (OutputRef ref : b.sources()) {
                int[] producers = plan.producers(plan.indexOf(ref.step()));
                if (producers.length == 0) empty.add(ref.step());
                for (int u : producers) {
                    StepProgress s = states[u];
                    if (s.status == StepStatus.SKIPPED || s.stoppedTrial()) { // a trial the median rule stopped: not read
                        skipped.add(plan.nodes[u].name());
                        continue;
                    }
                    Object v = s.outputs.get(ref.output());
                    if (v == null) {
                        throw new IllegalStateException("input '" + e.getKey() + "' reads " + ref + ", but step '"
                                + plan.nodes[u].name() + "' (" + s.status.label() + ") has no output '" + ref.output() + "'");
                    }
                    present.add(v);
                }
            }
            if (present.isEmpty() && skipped.isEmpty() && !empty.isEmpty() && !b.port().optional()) {
                return new StepInputs(node.inputs(), values, Optional.of("input '" + e.getKey() + "' comes from foreach step '"
                        + empty.getFirst() + "', whose list was empty"));
            }
            if (present.isEmpty() && !b.sources().isEmpty() && !b.port().optional()) {
                return new StepInputs(node.inputs(), values, Optional.of("input '" + e.getKey() + "' comes from skipped step"
                        + (skipped.size() == 1 ? " '" + skipped.getFirst() + "'" : "s " + quoted(skipped))));
            }
            values.put(e.getKey(), List.copyOf(present));
        }
        return new StepInputs(node.inputs(), values, Optional.empty());
    }

    private static String quoted(List<String> names) {
        return String.join(", ", names.stream().map(n -> "'" + n + "'").toList());
    }

    /** True when the port is wired and at least one producer was not skipped. */
    boolean has(String port) {
        List<Object> v = values.get(port);
        return v != null && !v.isEmpty();
    }

    List<Object> get(String port) {
        return values.getOrDefault(port, List.of());
    }

    boolean many(String port) {
        Binding b = bindings.get(port);
        return b != null && b.port().many();
    }
}
