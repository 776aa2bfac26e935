package dev.sluice.exec;

import dev.sluice.api.RunStatus;

import dev.sluice.pipeline.StepKind;
import dev.sluice.pipeline.StepNode;
import dev.sluice.pipeline.Template;

import java.util.List;

/**
 * How a run went, as the steps of {@code finally:} and {@code on_failure:} see it when they start: the status the run
 * ends with (theirs does not change it) and the steps that failed, in the run's order. Immutable.
 *
 * @param status      {@code ${run.status}}: succeeded, failed, blocked or cancelled
 * @param failedSteps {@code ${run.failed_steps}}: the step instances that failed (a failed check too)
 */
record RunSoFar(RunStatus status, List<String> failedSteps) {
    RunSoFar {
        failedSteps = List.copyOf(failedSteps);
    }

    /**
     * What of the run a step reads, by reference ({@code ${run.status}} to {@code failed}), for its cache key: its
     * command, parameters, {@code env:} and {@code when:} may read it, and the key must change when it does.
     */
    java.util.Map<String, Object> readBy(StepNode node) {
        java.util.Map<String, Object> out = new java.util.TreeMap<>();
        for (Template.Ref r : refs(node)) {
            if (!r.namespace().equals("run") || r.segments().size() != 1) continue;
            switch (r.segments().getFirst()) {
                case "status" -> out.put(r.toString(), status.label());
                case "failed_steps" -> out.put(r.toString(), failedSteps);
                default -> { } // refused when the pipeline was validated
            }
        }
        return out;
    }

    /** True when the step reads {@code ${run.status}} or {@code ${run.failed_steps}} anywhere. */
    static boolean read(StepNode node) {
        return refs(node).stream().anyMatch(r -> r.namespace().equals("run"));
    }

    private static List<Template.Ref> refs(StepNode node) {
        List<Template.Ref> refs = new java.util.ArrayList<>();
        node.params().values().forEach(v -> {
            if (v instanceof Template t) refs.addAll(t.refs());
        });
        node.when().ifPresent(c -> refs.addAll(c.refs()));
        if (node.kind() instanceof StepKind.CommandStep c) c.argv().forEach(t -> refs.addAll(t.refs()));
        node.env().values().forEach(v -> {
            if (v.contains("${")) refs.addAll(Template.parse(v).refs());
        });
        return refs;
    }
}
