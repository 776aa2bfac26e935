package dev.sluice.pipeline;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks {@code finally:} and {@code on_failure:}: each entry names a step of the pipeline (with a suggestion when it
 * does not), at most once in both lists together, and not a step that uses a pipeline; no other step waits for one of
 * them (they run after all the others, so such a step could never start). Not thread-safe.
 */
record FinalStepChecks(PipelineSpec spec, Map<String, BaseStep> bases, Problems problems) {
    /** Reports what is wrong with the lists and with steps of {@code nodes} (bound, in file order) that wait for them. */
    void check(List<StepNode> nodes) {
        FinalSteps f = spec.finalSteps();
        if (f.isEmpty()) return;
        Set<String> seen = new HashSet<>();
        names("finally", f.always(), seen);
        names("on_failure", f.onFailure(), seen);
        Map<String, String> baseOf = new HashMap<>();
        for (StepNode n : nodes) baseOf.put(n.name(), n.baseName());
        Set<String> reported = new HashSet<>();
        for (StepNode n : nodes) {
            if (f.phaseOf(n.baseName()).isFinal() || reported.contains(n.baseName())) continue;
            for (String dep : n.dependencies()) {
                String base = baseOf.getOrDefault(dep, dep);
                FinalSteps.Phase phase = f.phaseOf(base);
                if (!phase.isFinal()) continue;
                reported.add(n.baseName());
                problems.add("steps." + n.baseName(), "step '" + n.baseName() + "' waits for '" + base + "', a step of "
                        + phase.yamlName() + ": which runs only after every other step has ended",
                        "Move '" + n.baseName() + "' to " + phase.yamlName() + ": too, or stop it reading '" + base + "'.");
                break;
            }
        }
    }

    private void names(String key, List<String> names, Set<String> seen) {
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String path = key + "[" + i + "]";
            BaseStep base = bases.get(name);
            if (base == null) {
                problems.add(path, key + ": names '" + name + "', which is not a step of this pipeline",
                        Suggestions.didYouMean(name, bases.keySet()).orElse("Define it under steps: and list its name here."));
            } else if (!seen.add(name)) {
                problems.add(path, "step '" + name + "' is listed twice in finally: and on_failure",
                        "Keep it in one place: finally: runs it whatever happened, on_failure: only when the run failed.");
            } else if (SubPipelines.isPipelineStep(base)) {
                problems.add(path, "step '" + name + "' uses a pipeline, so it cannot be listed in " + key + ":",
                        "List steps that use a component or run a command.");
            }
        }
    }
}
