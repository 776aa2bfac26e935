package dev.sluice.exec;

import dev.sluice.api.StepStatus;
import dev.sluice.pipeline.Suggestions;
import dev.sluice.pipeline.Template;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Resolves {@code ${...}} references for one attempt of one step: {@code steps.<s>.metrics.<m>},
 * {@code steps.<s>.outputs.<o>}, {@code params.<p>}, {@code with.<k>}, {@code matrix.<k>}, {@code env.<NAME>},
 * for command steps {@code inputs.<name>} and {@code outputs.<name>} (absolute paths in the working folder), and for
 * steps of {@code finally:} and {@code on_failure:} {@code run.status} and {@code run.failed_steps}.
 * Reads upstream states that the dispatcher published before this step was released. Not thread-safe.
 */
final class RefResolver implements Function<Template.Ref, Object> {
    private final RunPlan plan;
    private final StepProgress[] states;
    private final int step;
    private final Map<String, Object> params;
    private Map<String, Path> inputs;
    private Map<String, Path> outputs;
    private RunSoFar run;
    private int depth;

    /**
     * @param params the step's parameters; {@link Template} values are rendered on first use and replaced
     */
    RefResolver(RunPlan plan, StepProgress[] states, int step, Map<String, Object> params) {
        this.plan = plan;
        this.states = states;
        this.step = step;
        this.params = params;
    }

    /** Makes {@code ${inputs.x}} and {@code ${outputs.x}} resolvable (command steps). */
    RefResolver withPaths(Map<String, Path> inputPaths, Map<String, Path> outputPaths) {
        this.inputs = inputPaths;
        this.outputs = outputPaths;
        return this;
    }

    /** Makes {@code ${run.status}} and {@code ${run.failed_steps}} resolvable (steps of finally: and on_failure:). */
    RefResolver withRun(RunSoFar soFar) {
        this.run = soFar;
        return this;
    }

    @Override
    public Object apply(Template.Ref ref) {
        List<String> seg = ref.segments();
        return switch (ref.namespace()) {
            case "steps" -> upstream(ref, seg);
            case "params" -> lookup(ref, plan.pipeline.params(), "pipeline parameter", one(ref, seg));
            case "with" -> withParam(ref, one(ref, seg));
            case "matrix" -> lookup(ref, plan.nodes[step].matrixValues(), "matrix value", one(ref, seg));
            case "env" -> env(ref, one(ref, seg));
            case "inputs" -> path(ref, inputs, "input", one(ref, seg));
            case "outputs" -> path(ref, outputs, "output", one(ref, seg));
            case "run" -> run(ref, one(ref, seg));
            case "item" -> item(ref);
            default -> throw new IllegalArgumentException("unknown reference " + ref);
        };
    }

    /** Renders a value if it is a template, else returns it as is. */
    Object render(Object value) {
        if (!(value instanceof Template t)) return value;
        if (++depth > 16) throw new IllegalArgumentException("parameters refer to each other in a loop: " + t);
        try {
            return t.render(this);
        } finally {
            depth--;
        }
    }

    private static String one(Template.Ref ref, List<String> seg) {
        if (seg.isEmpty()) throw new IllegalArgumentException("reference " + ref + " names nothing; write e.g. ${"
                + ref.namespace() + ".name}");
        return String.join(".", seg);
    }

    private Object withParam(Template.Ref ref, String key) {
        if (!params.containsKey(key)) {
            throw new IllegalArgumentException(ref + ": step '" + plan.nodes[step].name() + "' has no parameter '" + key
                    + "'" + hint(key, params.keySet()));
        }
        Object v = render(params.get(key));
        params.put(key, v);
        return v;
    }

    private Object upstream(Template.Ref ref, List<String> seg) {
        if (seg.size() < 3 || !(seg.get(seg.size() - 2).equals("metrics") || seg.get(seg.size() - 2).equals("outputs"))) {
            throw new IllegalArgumentException("reference " + ref + " should read ${steps.<step>.metrics.<name>} or "
                    + "${steps.<step>.outputs.<name>}");
        }
        String name = String.join(".", seg.subList(0, seg.size() - 2));
        String what = seg.get(seg.size() - 2);
        String key = seg.getLast();
        int u = plan.indexOf(name);
        if (u < 0) throw new IllegalArgumentException(ref + ": no step '" + name + "' in this pipeline");
        StepProgress s = states[u];
        if (s.status != StepStatus.SUCCEEDED && s.status != StepStatus.CACHED) {
            throw new IllegalArgumentException(ref + ": step '" + name + "' is " + s.status.label()
                    + ", so it has no " + what + "; guard this step with a when: condition or make it depend on '" + name + "'");
        }
        Map<String, ?> source = what.equals("metrics") ? s.metrics : s.outputs;
        Object v = source.get(key);
        if (v == null) {
            throw new IllegalArgumentException(ref + ": step '" + name + "' reported no " + what.substring(0, what.length() - 1)
                    + " '" + key + "'" + hint(key, source.keySet()));
        }
        return v instanceof Path p ? p.toString() : v;
    }

    private static Object lookup(Template.Ref ref, Map<String, Object> map, String what, String key) {
        Object v = map.get(key);
        if (v == null) throw new IllegalArgumentException(ref + ": no " + what + " '" + key + "'" + hint(key, map.keySet()));
        return v;
    }

    private Object run(Template.Ref ref, String key) {
        if (run == null) {
            throw new IllegalArgumentException(ref + " is known only to steps of finally: and on_failure:, once the other"
                    + " steps have ended");
        }
        return switch (key) {
            case "status" -> run.status().label();
            case "failed_steps" -> run.failedSteps();
            default -> throw new IllegalArgumentException(ref + ": the run has no '" + key + "'"
                    + hint(key, List.of("status", "failed_steps")));
        };
    }

    /** The element of this foreach instance. */
    private Object item(Template.Ref ref) {
        int p = plan.joinOf[step];
        if (p < 0) throw new IllegalArgumentException(ref + " is known only to the instances of a foreach: step");
        Map<String, Object> values = plan.nodes[step].matrixValues();
        String as = plan.foreach[p].spec().as();
        if (ref.segments().isEmpty()) {
            if (!values.containsKey(as)) {
                throw new IllegalArgumentException(ref + ": the element of " + plan.nodes[step].name() + " is a row; write"
                        + " ${item.COLUMN}, one of " + String.join(", ", values.keySet()));
            }
            return values.get(as);
        }
        String column = ref.segments().getFirst();
        if (ref.segments().size() != 1 || !values.containsKey(column)) {
            throw new IllegalArgumentException(ref + ": the element of " + plan.nodes[step].name() + " has no column '"
                    + column + "'" + (values.containsKey(as) ? "; it is not a row, write ${item}" : hint(column, values.keySet())));
        }
        return values.get(column);
    }

    private static Object env(Template.Ref ref, String name) {
        String v = System.getenv(name);
        if (v == null) throw new IllegalArgumentException(ref + ": environment variable " + name + " is not set; set it "
                + "before starting the run");
        return v;
    }

    private Object path(Template.Ref ref, Map<String, Path> paths, String what, String name) {
        if (paths == null) {
            throw new IllegalArgumentException(ref + " can only be used by command steps (run:); a Java step reads its "
                    + what + "s through its StepContext");
        }
        if (!paths.containsKey(name)) {
            throw new IllegalArgumentException(ref + ": step '" + plan.nodes[step].name() + "' has no " + what + " '" + name
                    + "'" + hint(name, paths.keySet()));
        }
        Path p = paths.get(name);
        return p == null ? "" : p.toString();
    }

    private static String hint(String name, java.util.Collection<String> candidates) {
        return Suggestions.didYouMean(name, candidates).map(s -> ". " + s).orElse("");
    }
}
