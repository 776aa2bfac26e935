package dev.sluice.pipeline;


import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks the references inside {@code ${...}} and resolves the static ones ({@code params},
 * {@code matrix}, constant {@code with} values) at validation time; references to upstream results
 * stay in the template for the executor. Not thread-safe.
 */
final class TemplateChecker {
    /** Where a template appears: the step, its matrix combination, its inputs, and the dependencies collected so far. */
    record Scope(BaseStep base, Map<String, Object> combo, Set<String> inputNames, Set<String> deps) {}

    /** Receives the base-level edge a {@code ${steps...}} reference creates. */
    @FunctionalInterface
    interface EdgeSink {
        void edge(BaseStep consumer, BaseStep producer, String path);
    }

    private final PipelineSpec spec;
    private final Map<String, Object> params;
    private final Map<String, BaseStep> bases;
    private final Problems problems;
    private final EdgeSink edges;

    TemplateChecker(PipelineSpec spec, Map<String, Object> params, Map<String, BaseStep> bases, Problems problems,
                    EdgeSink edges) {
        this.spec = spec;
        this.params = params;
        this.bases = bases;
        this.problems = problems;
        this.edges = edges;
    }

    /**
     * The raw value with static references substituted: a typed value when nothing is left, else a {@link Template}.
     *
     * @param command true for run: arguments and env:, where {@code inputs}, {@code outputs} and {@code env} may be used
     */
    Object resolve(Object raw, String path, Scope scope, boolean command) {
        if (!(raw instanceof String s) || !s.contains("${")) return raw;
        Template t;
        try {
            t = Template.parse(s);
        } catch (IllegalArgumentException e) {
            problems.add(path, e.getMessage(), "");
            return raw;
        }
        for (Template.Ref r : t.refs()) check(r, path, scope, command);
        return t.partial(r -> staticValue(r, scope));
    }

    private Optional<Object> staticValue(Template.Ref r, Scope scope) {
        if (r.segments().size() != 1) return Optional.empty();
        String key = r.segments().getFirst();
        if (proposedAtRunTime(scope, key) && !r.namespace().equals("params")) return Optional.empty();
        return switch (r.namespace()) {
            case "params" -> Optional.ofNullable(params.get(key));
            case "matrix" -> Optional.ofNullable(scope.combo().get(key));
            case "with" -> scope.combo().containsKey(key) ? Optional.of(scope.combo().get(key))
                    : Optional.ofNullable(scope.base().spec().with().get(key))
                            .filter(v -> !(v instanceof String s && s.contains("${")));
            default -> Optional.empty();
        };
    }

    /** A parameter a {@code tpe} sweep proposes while the run goes: a template reading it is resolved then. */
    private static boolean proposedAtRunTime(Scope scope, String key) {
        return scope.base().spec().sweep().filter(w -> w.method() == SweepSpec.Method.TPE && w.params().containsKey(key))
                .isPresent();
    }

    /** Validates one reference and records the dependency it creates. */
    void check(Template.Ref r, String path, Scope scope, boolean command) {
        StepSpec s = scope.base().spec();
        String key = r.segments().isEmpty() ? "" : r.segments().getFirst();
        switch (r.namespace()) {
            case "params" -> {
                if (r.segments().size() != 1 || !spec.params().containsKey(key)) {
                    problems.add(path, "'" + r + "' names no pipeline parameter", hint(key, spec.params().keySet(), "params:"));
                }
            }
            case "matrix" -> {
                if (r.segments().size() != 1 || !s.variedParams().contains(key)) {
                    String where = s.sweep().isPresent() ? "sweep: params:" : "matrix:";
                    problems.add(path, "'" + r + "' names no " + (s.sweep().isPresent() ? "swept parameter" : "matrix key")
                            + " of step '" + s.name() + "'", hint(key, s.variedParams(), where));
                }
            }
            case "with" -> {
                if (r.segments().size() != 1 || !(s.with().containsKey(key) || s.variedParams().contains(key))) {
                    problems.add(path, "'" + r + "' names no parameter of step '" + s.name() + "'", hint(key, s.with().keySet(), "with:"));
                }
            }
            case "inputs", "outputs", "env" -> checkCommandRef(r, path, scope, command);
            case "steps" -> checkStepRef(r, path, scope);
            case "run" -> checkRunRef(r, path, scope);
            case "item" -> {
                if (r.segments().size() > 1) {
                    problems.add(path, "'" + r + "' is malformed", "Write ${item}: the element of a foreach: instance, or"
                            + " ${item.COLUMN}: a column of a row.");
                } else if (!scope.base().isForeach()) {
                    problems.add(path, "'" + r + "' can only be used by a step with foreach:, where it is the element of"
                            + " each instance", "Add foreach: {from: STEP.OUTPUT} to step '" + scope.base().name()
                            + "', or remove the reference.");
                }
            }
            default -> problems.add(path, "unknown reference '" + r + "'", "");
        }
    }

    private void checkCommandRef(Template.Ref r, String path, Scope scope, boolean command) {
        StepSpec s = scope.base().spec();
        String key = r.segments().isEmpty() ? "" : r.segments().getFirst();
        if (!command) {
            problems.add(path, "'" + r + "' can only be used in run: arguments and env: of a command step", "");
        } else if (r.segments().size() != 1) {
            problems.add(path, "'" + r + "' is malformed", "Write ${" + r.namespace() + ".NAME}.");
        } else if (r.namespace().equals("inputs") && !s.inputs().containsKey(key)) {
            problems.add(path, "'" + r + "' names no input of step '" + s.name() + "'", hint(key, s.inputs().keySet(), "inputs:"));
        } else if (r.namespace().equals("outputs") && !scope.base().outputs().containsKey(key)) {
            problems.add(path, "'" + r + "' names no output of step '" + s.name() + "'", hint(key, scope.base().outputs().keySet(), "outputs:"));
        }
    }

    /** What {@code ${run.NAME}} may name: known once the steps that run before the final ones have ended. */
    static final List<String> RUN_REFS = List.of("status", "failed_steps");

    private void checkRunRef(Template.Ref r, String path, Scope scope) {
        String key = r.segments().isEmpty() ? "" : r.segments().getFirst();
        if (r.segments().size() != 1 || !RUN_REFS.contains(key)) {
            problems.add(path, "'" + r + "' names nothing the run knows", Suggestions.didYouMean(key, RUN_REFS)
                    .orElse("Write ${run.status} (succeeded, failed, blocked or cancelled) or ${run.failed_steps}."));
        } else if (!spec.finalSteps().phaseOf(scope.base().name()).isFinal()) {
            problems.add(path, "'" + r + "' can only be used by steps listed in finally: or on_failure:, which run once"
                    + " the other steps have ended", "Add '" + scope.base().name() + "' to finally: or on_failure:, or"
                    + " remove the reference.");
        }
    }

    private void checkStepRef(Template.Ref r, String path, Scope scope) {
        List<String> seg = r.segments();
        if (seg.size() != 3 || !(seg.get(1).equals("metrics") || seg.get(1).equals("outputs"))) {
            problems.add(path, "'" + r + "' is malformed", "Write ${steps.STEP.metrics.NAME} or ${steps.STEP.outputs.NAME}.");
            return;
        }
        BaseStep producer = bases.get(seg.getFirst());
        if (producer == null) {
            problems.add(path, "'" + r + "' names no step", Suggestions.didYouMean(seg.getFirst(), bases.keySet()).orElse(""));
        } else if (producer == scope.base()) {
            problems.add(path, "'" + r + "' reads the step's own results", "A step can only read results of steps before it.");
        } else if (SubPipelines.isPipelineStep(producer)) {
            problems.add(path, "'" + r + "' reads step '" + producer.name() + "', which uses a pipeline and has no metrics"
                    + " or outputs of its own", "Declare what you need as an output of " + producer.spec().uses().orElse("")
                    + " and wire it with inputs:.");
        } else if (producer.isForeach()) {
            problems.add(path, "'" + r + "' reads foreach step '" + producer.name() + "', whose instances are known only at"
                    + " run time", "Compare them in a downstream step that reads " + producer.name() + "[*] and read its results.");
        } else if (producer.isMatrix()) {
            problems.add(path, "'" + r + "' reads matrix step '" + producer.name() + "', which has "
                    + producer.combos().size() + " instances", "Compare them in a downstream step and read its results instead.");
        } else if (seg.get(1).equals("outputs") && producer.kind().isPresent() && !producer.outputs().containsKey(seg.get(2))) {
            problems.add(path, "step '" + producer.name() + "' has no output '" + seg.get(2) + "'",
                    Suggestions.didYouMean(seg.get(2), producer.outputs().keySet()).orElse(""));
        } else if (seg.get(1).equals("metrics") && producer.kind().orElse(null) instanceof StepKind.JavaStep j
                && ReportedMetrics.unknown(j.component(), seg.get(2)).orElse(null) instanceof ReportedMetrics.Unknown m) {
            problems.add(path, "'" + r + "' reads step '" + producer.name() + "', but " + m.message(), m.hint());
        } else {
            edges.edge(scope.base(), producer, path);
            scope.deps().add(producer.name());
        }
    }

    /** The instances a {@code ${steps...}} reference waits for. */
    Optional<List<String>> dependency(Template.Ref r) {
        if (!r.namespace().equals("steps") || r.segments().isEmpty()) return Optional.empty();
        BaseStep producer = bases.get(r.segments().getFirst());
        return producer == null || producer.isMatrix() ? Optional.empty() : Optional.of(List.of(producer.name()));
    }

    private static String hint(String key, Set<String> known, String where) {
        return Suggestions.didYouMean(key, known).orElse(known.isEmpty() ? "Nothing is declared under " + where
                : "Declared under " + where + " " + String.join(", ", known) + ".");
    }
}
