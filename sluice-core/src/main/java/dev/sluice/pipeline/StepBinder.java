package dev.sluice.pipeline;

import dev.sluice.api.Component;
import dev.sluice.api.ParamRule;
import dev.sluice.api.ParamSpec;
import dev.sluice.pipeline.internal.Copies;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Binds one step as written to its validated instances: wiring, typed parameters, templates,
 * conditions, checks. Records the base-level edges for cycle detection. Not thread-safe.
 */
final class StepBinder {
    private final PipelineSpec spec;
    private final Map<String, Object> params;
    private final Map<String, BaseStep> bases;
    private final Problems problems;
    private final Edges edges;
    private final TemplateChecker templates;

    StepBinder(PipelineSpec spec, Map<String, Object> params, Map<String, BaseStep> bases, Problems problems) {
        this.spec = spec;
        this.params = params;
        this.bases = bases;
        this.problems = problems;
        this.edges = new Edges(List.copyOf(bases.keySet()));
        this.templates = new TemplateChecker(spec, params, bases, problems, this::edge);
    }

    /** Which base steps each base step depends on, and through which reference. */
    Edges edges() {
        return edges;
    }

    private void edge(BaseStep consumer, BaseStep producer, String path) {
        edges.add(consumer.index(), producer.index(), path);
    }

    List<StepNode> bind(BaseStep base) {
        StepSpec s = base.spec();
        Component component = base.kind().orElse(null) instanceof StepKind.JavaStep j ? j.component() : null;
        Map<String, Binding> inputs = Copies.ordered(new Wiring(spec, bases, problems, this::edge).bind(base, component));
        List<String> after = List.copyOf(bindAfter(base));
        Optional<Condition> when = parseWhen(base);
        List<CheckSpec> checks = List.copyOf(parseChecks(base, component));
        s.sweep().ifPresent(sweep -> checkObjective(s, sweep, component));
        List<Path> code = List.copyOf(resolveCode(s));
        Optional<String> foreachSource = s.foreach().flatMap(f -> foreachSource(base, f));
        checkLimits(s);
        if (base.kind().isEmpty()) return List.of();
        List<StepNode> nodes = new ArrayList<>(base.combos().size());
        List<String> names = base.instanceNames();
        for (int i = 0; i < base.combos().size(); i++) {
            Map<String, Object> combo = base.combos().get(i);
            Set<String> deps = new LinkedHashSet<>();
            inputs.values().forEach(b -> b.sources().forEach(src -> {
                if (!readsDeclaredInput(src)) deps.add(src.step());
            }));
            deps.addAll(after);
            foreachSource.ifPresent(deps::add);
            when.ifPresent(c -> c.refs().forEach(r -> templates.dependency(r).ifPresent(deps::addAll)));
            TemplateChecker.Scope scope = new TemplateChecker.Scope(base, combo, inputs.keySet(), deps);
            Map<String, Object> stepParams;
            StepKind kind;
            if (component != null) {
                stepParams = javaParams(base, component, scope);
                kind = base.kind().get();
            } else {
                stepParams = commandParams(base, scope);
                kind = new StepKind.CommandStep(argv(base, scope), base.outputs());
            }
            Map<String, String> env = env(base, scope);
            List<String> nodeAfter = after;
            int parallel = s.sweep().map(SweepSpec::window).orElse(0);
            if (parallel > 0 && i >= parallel) {
                // at most `parallel` trials at once: each starts after the trial `parallel` places before it ends; one
                // that learns from earlier trials also after the `parallel` - 1 before that: then all up to it have ended
                nodeAfter = new ArrayList<>(after);
                boolean learns = s.sweep().get().learns();
                for (int k = i - parallel; k >= Math.max(0, learns ? i - 2 * parallel + 1 : i - parallel); k--) {
                    nodeAfter.add(names.get(k));
                    deps.add(names.get(k));
                }
            }
            nodes.add(new StepNode(names.get(i), s.name(), kind, stepParams, combo, inputs, nodeAfter, List.copyOf(deps),
                    when, s.retries(), s.timeout(), checks, s.cpu(), env, code,
                    s.cache() && (component == null || component.cacheable(stepParams))));
        }
        return nodes;
    }

    /** Checks what a {@code foreach:} reads, records its edge, and returns the producing step; empty when it is wrong. */
    private Optional<String> foreachSource(BaseStep base, ForeachSpec f) {
        String path = "steps." + base.name() + ".foreach";
        String example = "Write foreach: {from: STEP.OUTPUT} or foreach: \"${steps.STEP.outputs.OUTPUT}\".";
        if (f.output().isEmpty() || f.from().contains("${")) {
            problems.add(path, "foreach of step '" + base.name() + "' reads '" + f.from() + "', which names no step output",
                    example);
            return Optional.empty();
        }
        BaseStep producer = bases.get(f.step());
        if (producer == null) {
            problems.add(path, "foreach of step '" + base.name() + "' reads '" + f.from() + "', but there is no step '"
                    + f.step() + "'", Suggestions.didYouMean(f.step(), bases.keySet()).orElse(example));
            return Optional.empty();
        }
        if (producer == base) {
            problems.add(path, "foreach of step '" + base.name() + "' reads its own output", "Read a step before it.");
            return Optional.empty();
        }
        if (producer.isMatrix() || producer.isForeach() || SubPipelines.isPipelineStep(producer)) {
            problems.add(path, "foreach of step '" + base.name() + "' reads step '" + producer.name() + "', which has"
                    + " instances or steps of its own", "Gather the list in one plain step and read it.");
            return Optional.empty();
        }
        edge(base, producer, path);
        if (producer.kind().isEmpty()) return Optional.of(producer.name());
        dev.sluice.api.PortKind kind = producer.outputs().get(f.output());
        if (kind == null) {
            problems.add(path, "foreach of step '" + base.name() + "' reads '" + f.from() + "', but step '" + producer.name()
                    + "' has no output '" + f.output() + "'", Suggestions.didYouMean(f.output(), producer.outputs().keySet())
                    .orElse("Its outputs: " + String.join(", ", producer.outputs().keySet()) + "."));
            return Optional.empty();
        }
        if (kind != dev.sluice.api.PortKind.VALUE) {
            problems.add(path, "foreach of step '" + base.name() + "' reads '" + f.from() + "', a " + kind.yamlName()
                    + "; it needs a value output holding a JSON list", "Declare it as outputs: {" + f.output() + ": value}"
                    + " and write the list as JSON.");
            return Optional.empty();
        }
        return Optional.of(producer.name());
    }

    /** A source that is one of the pipeline's declared inputs: bound where the pipeline is used, so no dependency here. */
    private boolean readsDeclaredInput(OutputRef src) {
        return src.step().equals(SubPipelines.INPUTS) && !spec.inputs().isEmpty() && !bases.containsKey(SubPipelines.INPUTS);
    }

    private Map<String, Object> javaParams(BaseStep base, Component component, TemplateChecker.Scope scope) {
        StepSpec s = base.spec();
        String at = "steps." + s.name();
        Map<String, Object> out = new LinkedHashMap<>();
        Set<String> invalid = new java.util.HashSet<>();
        for (ParamSpec p : component.spec().params()) {
            String path;
            Object raw;
            if (s.foreach().filter(f -> f.as().equals(p.name())).isPresent()) {
                continue; // bound to each element when the run reaches the step
            } else if (scope.combo().containsKey(p.name())) {
                path = s.variedPath(p.name());
                raw = scope.combo().get(p.name());
            } else if (s.with().containsKey(p.name())) {
                path = at + ".with." + p.name();
                raw = s.with().get(p.name());
            } else {
                if (p.defaultValue().isPresent()) {
                    out.put(p.name(), p.defaultValue().get());
                } else if (p.required()) {
                    problems.add(at, "step '" + s.name() + "' needs parameter '" + p.name() + "' ("
                            + PipelineValidator.describe(p) + ")", "Add with: {" + p.name() + ": VALUE}.");
                }
                continue;
            }
            Object value = templates.resolve(raw, path, scope, false);
            if (value instanceof Template) {
                out.put(p.name(), value);
                continue;
            }
            try {
                out.put(p.name(), p.validate(value));
            } catch (IllegalArgumentException e) {
                invalid.add(p.name());
                if (s.sweep().isPresent() && scope.combo().containsKey(p.name())) {
                    // one problem for the range, not one per trial that drew a value outside it
                    problems.add(path, "sweep of step '" + s.name() + "' draws values of parameter " + p.name()
                            + " that it does not accept", "Keep the range within " + PipelineValidator.describe(p) + ".");
                } else {
                    problems.add(path, "parameter " + e.getMessage(), "Expected " + PipelineValidator.describe(p) + ".");
                }
            }
        }
        checkRules(s, component, scope.combo(), out, invalid);
        List<String> known = component.spec().params().stream().map(ParamSpec::name).toList();
        for (String key : s.with().keySet()) {
            if (!known.contains(key)) unknownParam(s, component, key, at + ".with." + key, known);
        }
        String varied = s.sweep().isPresent() ? "sweep:" : "matrix:";
        for (String key : s.variedParams()) {
            if (!known.contains(key) && s.foreach().isEmpty()) unknownParam(s, component, key, s.variedPath(key), known);
            if (s.with().containsKey(key)) {
                problems.add(s.variedPath(key), "parameter '" + key + "' of step '" + s.name()
                        + "' is set in both with: and " + varied, "Keep it in one place.");
            }
        }
        return sameInOrder(out, s.with()) ? s.with() : out;
    }

    /**
     * Reports the component's parameter rules that these values break. A rule is left to the run when one of its
     * parameters is only known then (a template) or was already reported as invalid.
     */
    private void checkRules(StepSpec s, Component component, Map<String, Object> combo, Map<String, Object> values,
                            Set<String> invalid) {
        for (ParamRule rule : component.spec().rules()) {
            if (rule.params().stream().anyMatch(p -> invalid.contains(p) || values.get(p) instanceof Template)) continue;
            Optional<ParamRule.Violation> v;
            try {
                v = rule.violation(values);
            } catch (RuntimeException e) {
                v = Optional.of(new ParamRule.Violation(rule.params().getFirst(), e.getMessage() == null
                        ? "breaks the rule '" + rule.describe() + "'" : e.getMessage(), ""));
            }
            v.ifPresent(x -> problems.add(ruleLocation(s, combo, x.param(), rule), "step '" + s.name() + "': " + x.message(),
                    x.hint()));
        }
    }

    /** Where the step sets {@code param} (or else another parameter of the rule); the step itself when it sets none. */
    private static String ruleLocation(StepSpec s, Map<String, Object> combo, String param, ParamRule rule) {
        List<String> candidates = new ArrayList<>(List.of(param));
        candidates.addAll(rule.params());
        for (String p : candidates) {
            if (combo.containsKey(p)) return s.variedPath(p);
            if (s.with().containsKey(p)) return "steps." + s.name() + ".with." + p;
        }
        return "steps." + s.name();
    }

    /**
     * True when both maps hold equal entries in the same order: the step's typed parameters are then its
     * {@code with:} map as written, which the step node shares instead of keeping a copy.
     */
    static boolean sameInOrder(Map<String, Object> a, Map<String, Object> b) {
        if (a.size() != b.size()) return false;
        var ia = a.entrySet().iterator();
        var ib = b.entrySet().iterator();
        while (ia.hasNext()) {
            Map.Entry<String, Object> x = ia.next();
            Map.Entry<String, Object> y = ib.next();
            if (!x.getKey().equals(y.getKey()) || !Objects.equals(x.getValue(), y.getValue())
                    || x.getValue() != null && x.getValue().getClass() != y.getValue().getClass()) return false;
        }
        return true;
    }

    private void unknownParam(StepSpec s, Component c, String key, String path, List<String> known) {
        problems.add(path, "component '" + c.spec().name() + "' has no parameter '" + key + "'",
                Suggestions.didYouMean(key, known).orElse(known.isEmpty() ? "It takes no parameters."
                        : "Its parameters: " + String.join(", ", known) + "."));
    }

    private Map<String, Object> commandParams(BaseStep base, TemplateChecker.Scope scope) {
        Map<String, Object> out = new LinkedHashMap<>();
        String at = "steps." + base.name();
        base.spec().with().forEach((k, v) -> out.put(k, templates.resolve(v, at + ".with." + k, scope, false)));
        out.putAll(scope.combo());
        return out;
    }

    private List<Template> argv(BaseStep base, TemplateChecker.Scope scope) {
        List<Template> out = new ArrayList<>();
        List<String> run = base.spec().run();
        for (int i = 0; i < run.size(); i++) {
            Object v = templates.resolve(run.get(i), "steps." + base.name() + ".run[" + i + "]", scope, true);
            out.add(v instanceof Template t ? t : constant(Template.text(v)));
        }
        return out;
    }

    private Map<String, String> env(BaseStep base, TemplateChecker.Scope scope) {
        Map<String, String> out = new LinkedHashMap<>();
        base.spec().env().forEach((k, v) -> {
            Object r = templates.resolve(v, "steps." + base.name() + ".env." + k, scope, true);
            out.put(k, r instanceof Template t ? t.source() : Template.text(r).replace("${", "$${"));
        });
        return out;
    }

    static Template constant(String text) {
        return new Template(text.replace("${", "$${"), text.isEmpty() ? List.of() : List.of(new Template.Text(text)));
    }

    private List<String> bindAfter(BaseStep base) {
        List<String> out = new ArrayList<>();
        List<String> after = base.spec().after();
        for (int i = 0; i < after.size(); i++) {
            String path = "steps." + base.name() + ".after[" + i + "]";
            BaseStep producer = bases.get(after.get(i));
            if (producer == null) {
                problems.add(path, "step '" + base.name() + "' runs after '" + after.get(i) + "', but there is no such step",
                        Suggestions.didYouMean(after.get(i), bases.keySet()).orElse(""));
            } else if (producer == base) {
                problems.add(path, "step '" + base.name() + "' cannot run after itself", "Remove it from after:.");
            } else {
                edge(base, producer, path);
                out.addAll(producer.instanceNames());
            }
        }
        return out;
    }

    private Optional<Condition> parseWhen(BaseStep base) {
        if (base.spec().when().isEmpty()) return Optional.empty();
        String path = "steps." + base.name() + ".when";
        try {
            Condition c = Condition.parse(base.spec().when().get());
            TemplateChecker.Scope scope = new TemplateChecker.Scope(base, Map.of(), Set.of(), new LinkedHashSet<>());
            c.refs().forEach(r -> templates.check(r, path, scope, false));
            return Optional.of(c);
        } catch (IllegalArgumentException e) {
            problems.add(path, e.getMessage(), "Write e.g. when: \"${steps.evaluate.metrics.auc} >= 0.8\".");
            return Optional.empty();
        }
    }

    private List<CheckSpec> parseChecks(BaseStep base, Component component) {
        StepSpec s = base.spec();
        List<CheckSpec> out = new ArrayList<>();
        TemplateChecker.Scope scope = new TemplateChecker.Scope(base, Map.of(), Set.of(), new LinkedHashSet<>());
        s.checks().forEach((metric, expr) -> {
            String path = "steps." + s.name() + ".checks." + metric;
            Object resolved = templates.resolve(expr, path, scope, false);
            if (resolved instanceof Template t && t.refs().stream().allMatch(r -> r.namespace().equals("params")
                    && spec.params().containsKey(r.segments().getFirst()))) {
                return; // a parameter whose value was refused: that problem is reported already
            }
            if (resolved instanceof Template) {
                problems.add(path, "check '" + metric + ": " + expr + "' can only use ${params.NAME}",
                        "A threshold is fixed when the run starts; read upstream results in when: instead.");
                return;
            }
            try {
                out.add(CheckSpec.parse(metric, Template.text(resolved)));
            } catch (IllegalArgumentException e) {
                problems.add(path, e.getMessage(), "");
            }
            if (component != null) {
                ReportedMetrics.unknown(component, metric).ifPresent(m -> problems.add(path, "check '" + metric + "' of step '"
                        + s.name() + "': " + m.message(), m.hint()));
            }
        });
        return out;
    }

    /** The sweep's objective must be a metric the component reports (when it declares them). */
    private void checkObjective(StepSpec s, SweepSpec sweep, Component component) {
        if (component == null) return;
        String metric = sweep.objective().metric();
        ReportedMetrics.unknown(component, metric).ifPresent(m -> problems.add("steps." + s.name() + ".sweep.objective.metric",
                "objective '" + metric + "' of step '" + s.name() + "': " + m.message(), m.hint()));
        if (sweep.median() == null) return;
        String reported = sweep.median().metric();
        if (reported.equals(metric)) return; // the objective's, checked above
        ReportedMetrics.unknown(component, reported).ifPresent(m -> problems.add("steps." + s.name() + ".sweep.early_stop.median.metric",
                "median stopping metric '" + reported + "' of step '" + s.name() + "': " + m.message(), m.hint()));
    }

    private List<Path> resolveCode(StepSpec s) {
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < s.code().size(); i++) {
            Path p = spec.baseDir().resolve(s.code().get(i)).normalize();
            if (!Files.isRegularFile(p)) {
                problems.add("steps." + s.name() + ".code[" + i + "]", "code file '" + s.code().get(i) + "' of step '"
                        + s.name() + "' does not exist", "Paths in code: are relative to " + spec.baseDir() + ".");
            } else {
                out.add(p);
            }
        }
        return out;
    }

    private void checkLimits(StepSpec s) {
        if (s.cpu() < 1) {
            problems.add("steps." + s.name() + ".resources.cpu", "step '" + s.name() + "' asks for " + s.cpu()
                    + " cpus", "Ask for at least 1.");
        }
        if (s.timeout().isPresent() && (s.timeout().get().isNegative() || s.timeout().get().isZero())) {
            problems.add("steps." + s.name() + ".timeout", "timeout of step '" + s.name() + "' must be positive", "");
        }
    }
}
