package dev.sluice.pipeline;

import dev.sluice.api.DefinitionException;
import dev.sluice.api.ParamSpec;
import dev.sluice.api.ParamType;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Expands the steps that use a pipeline ({@code uses: pipeline:features.yaml}) into that pipeline's own steps while
 * the using pipeline is validated. The used pipeline is validated on its own, with the step's {@code with:} as its
 * parameters (so its problems point at its own file), and its step instances join the plan renamed
 * {@code STEP/NAME} ({@code features/load}): each is an ordinary step, cached, recorded and resumed on its own. Its
 * steps that read {@code inputs.NAME} read what the step wires to that input instead; steps that read one of its
 * outputs ({@code features.data}) read the step output it names, and, like steps that run {@code after:} it, wait for
 * all of its steps, so a gate inside it stops what reads it. Not thread-safe; one per validation.
 */
final class SubPipelines {
    /** The name a pipeline's steps read its declared inputs by: {@code inputs.raw}. */
    static final String INPUTS = "inputs";

    private final PipelineSpec spec;
    private final ComponentRegistry registry;
    private final Problems problems;
    private final Map<String, Pipeline> expanded = new LinkedHashMap<>();
    private final Map<String, Map<String, List<OutputRef>>> outputs = new LinkedHashMap<>();
    private final Map<String, List<String>> steps = new LinkedHashMap<>();
    private final Map<String, Path> baseDirs = new LinkedHashMap<>();
    private final Map<String, List<String>> instances = new LinkedHashMap<>();
    private final Map<String, SweepTrials> sweeps = new LinkedHashMap<>();

    SubPipelines(PipelineSpec spec, ComponentRegistry registry, Problems problems) {
        this.spec = spec;
        this.registry = registry;
        this.problems = problems;
    }

    /** True when {@code base} uses a pipeline. */
    static boolean isPipelineStep(BaseStep base) {
        return base.kind().orElse(null) instanceof StepKind.JavaStep j && j.component() instanceof PipelineComponent;
    }

    /** Whether any step was expanded. */
    boolean any() {
        return !expanded.isEmpty();
    }

    /**
     * Validates the pipeline {@code base} uses with the parameters its bound node carries and adds its steps, renamed,
     * to {@code nodes}; problems (the used file's own, or a {@code with:} value known only at run time) go to the
     * problems of this validation.
     */
    void expand(BaseStep base, List<StepNode> bound, List<StepNode> nodes) {
        if (bound.isEmpty()) return;
        StepNode step = bound.getFirst();
        PipelineSpec sub = ((PipelineComponent) ((StepKind.JavaStep) step.kind()).component()).pipeline();
        Map<String, Object> params = new LinkedHashMap<>();
        step.params().forEach((name, value) -> {
            if (value instanceof Template t) {
                problems.add("steps." + base.name() + ".with." + name, "'" + t.source() + "' is known only when the run"
                        + " reaches it, but a pipeline step's with: must be known before the run", "Use a constant or"
                        + " ${params.NAME}; a step inside " + base.spec().uses().orElse("") + " can read upstream results.");
            } else {
                params.put(name, rebased(sub, name, value, base.spec().with().containsKey(name)));
            }
        });
        if (params.size() != step.params().size()) return;
        Pipeline pipeline;
        try {
            pipeline = new PipelineValidator(registry).validateUsed(sub, params);
        } catch (DefinitionException e) {
            e.problems().forEach(problems::add);
            return;
        }
        expanded.put(step.name(), pipeline);
        graft(step, pipeline, nodes);
    }

    /**
     * A {@code path} parameter given by the using pipeline is relative to its file's folder; the used pipeline
     * resolves paths against its own folder, so the value is rewritten relative to that.
     */
    private Object rebased(PipelineSpec sub, String name, Object value, boolean given) {
        ParamSpec p = sub.params().get(name);
        if (!given || p == null || p.type() != ParamType.PATH || !(value instanceof String s)) return value;
        try {
            Path path = Path.of(s);
            if (path.isAbsolute()) return value;
            return sub.baseDir().relativize(spec.baseDir().resolve(path).normalize()).toString();
        } catch (IllegalArgumentException e) { // an invalid path, or one relativize cannot reach
            return value;
        }
    }

    private void graft(StepNode step, Pipeline sub, List<StepNode> nodes) {
        Names names = new Names(step.name() + "/", step, sub.params(), !spec.inputs().isEmpty());
        List<String> all = new ArrayList<>(sub.steps().size());
        for (StepNode n : sub.steps()) {
            StepNode renamed = names.node(n);
            nodes.add(renamed);
            all.add(renamed.name());
            baseDirs.put(renamed.name(), sub.baseDir(n.name()));
        }
        steps.put(step.name(), List.copyOf(all));
        Map<String, List<OutputRef>> outs = new LinkedHashMap<>();
        sub.outputs().forEach((name, refs) -> outs.put(name, names.sources(refs)));
        outputs.put(step.name(), outs);
        instances.put(step.name(), List.copyOf(all));
        sub.instances().forEach((base, list) -> instances.put(names.prefix + base,
                list.stream().map(i -> names.prefix + i).toList()));
        sub.sweeps().values().forEach(t -> sweeps.put(names.prefix + t.step(), t.prefixed(names.prefix)));
    }

    /**
     * The nodes with every reference to a pipeline step ({@code features.data}, {@code after: [features]}) replaced
     * by what it stands for; an input that takes one artifact but receives several is reported at its reference.
     */
    List<StepNode> resolve(List<StepNode> nodes) {
        if (expanded.isEmpty()) return nodes;
        List<StepNode> out = new ArrayList<>(nodes.size());
        for (StepNode n : nodes) out.add(resolve(n));
        return out;
    }

    /** Declared outputs of the pipeline being validated, with references to pipeline steps replaced. */
    Map<String, List<OutputRef>> resolveOutputs(Map<String, List<OutputRef>> declared) {
        Map<String, List<OutputRef>> out = new LinkedHashMap<>();
        declared.forEach((name, refs) -> out.put(name, sources(refs)));
        return out;
    }

    private StepNode resolve(StepNode n) {
        boolean touches = n.dependencies().stream().anyMatch(steps::containsKey) || n.after().stream().anyMatch(steps::containsKey);
        if (!touches) return n;
        Map<String, Binding> inputs = new LinkedHashMap<>();
        n.inputs().forEach((port, b) -> {
            List<OutputRef> sources = sources(b.sources());
            if (!b.port().many() && sources.size() > 1) {
                problems.add("steps." + n.baseName() + ".inputs." + port, "input '" + port + "' of step '" + n.name()
                        + "' takes one " + b.port().kind().yamlName() + ", but " + b.sources().getFirst() + " gives "
                        + sources.size(), "Wire it to a component input that takes a list, or give one output.");
            }
            inputs.put(port, new Binding(b.port(), sources));
        });
        return new StepNode(n.name(), n.baseName(), n.kind(), n.params(), n.matrixValues(), inputs, expand(n.after()),
                expand(n.dependencies()), n.when(), n.retries(), n.timeout(), n.checks(), n.cpu(), n.env(), n.code(), n.cache());
    }

    private List<String> expand(List<String> names) {
        Set<String> out = new LinkedHashSet<>();
        for (String name : names) out.addAll(steps.getOrDefault(name, List.of(name)));
        return List.copyOf(out);
    }

    private List<OutputRef> sources(List<OutputRef> refs) {
        List<OutputRef> out = new ArrayList<>(refs.size());
        for (OutputRef r : refs) {
            Map<String, List<OutputRef>> outs = outputs.get(r.step());
            if (outs == null) out.add(r);
            else out.addAll(sources(outs.getOrDefault(r.output(), List.of())));
        }
        return out;
    }

    /** The sweeps inside the expanded pipelines, renamed ({@code features/gbdt}). */
    Map<String, SweepTrials> sweeps() {
        return sweeps;
    }

    /** Where each expanded step's relative paths resolve: the folder of the file it was written in. */
    Map<String, Path> baseDirs() {
        return baseDirs;
    }

    /** Each expanded step (its instances) and each step inside one ({@code features/gbdt}) to its instance names. */
    Map<String, List<String>> instances() {
        return instances;
    }

    /** Renames the nodes of one used pipeline into the using one. */
    private static final class Names {
        final String prefix;
        private final StepNode step;
        private final Map<String, Object> params;
        private final boolean usingHasInputs;

        /**
         * @param params         the used pipeline's parameter values, which its {@code when:} conditions read
         * @param usingHasInputs whether the using pipeline declares inputs: then a source {@code inputs.NAME} bound to the
         *                       step is the using pipeline's own input, bound where that one is used, and no dependency
         */
        Names(String prefix, StepNode step, Map<String, Object> params, boolean usingHasInputs) {
            this.prefix = prefix;
            this.step = step;
            this.params = params;
            this.usingHasInputs = usingHasInputs;
        }

        /** The sources a reference inside the used pipeline stands for in the using one. */
        List<OutputRef> sources(List<OutputRef> refs) {
            List<OutputRef> out = new ArrayList<>(refs.size());
            for (OutputRef r : refs) {
                if (r.step().equals(INPUTS)) {
                    Binding b = step.inputs().get(r.output());
                    if (b != null) out.addAll(b.sources());
                } else {
                    out.add(new OutputRef(prefix + r.step(), r.output(), r.kind()));
                }
            }
            return out;
        }

        StepNode node(StepNode n) {
            Map<String, Binding> inputs = new LinkedHashMap<>();
            n.inputs().forEach((port, b) -> inputs.put(port, new Binding(b.port(), sources(b.sources()))));
            List<String> after = new ArrayList<>(n.after().stream().map(a -> prefix + a).toList());
            after.addAll(step.after());
            Set<String> deps = new LinkedHashSet<>();
            for (String d : n.dependencies()) {
                if (d.equals(INPUTS)) continue;
                deps.add(prefix + d);
            }
            inputs.values().forEach(b -> b.sources().forEach(s -> {
                if (!(usingHasInputs && s.step().equals(INPUTS))) deps.add(s.step());
            }));
            deps.addAll(step.after());
            Map<String, Object> params = new LinkedHashMap<>();
            n.params().forEach((k, v) -> params.put(k, v instanceof Template t ? rename(t) : v));
            StepKind kind = n.kind() instanceof StepKind.CommandStep c
                    ? new StepKind.CommandStep(c.argv().stream().map(this::rename).toList(), c.outputs()) : n.kind();
            Map<String, String> env = new LinkedHashMap<>();
            n.env().forEach((k, v) -> env.put(k, v.contains("${") ? rename(Template.parse(v)).source() : v));
            return new StepNode(prefix + n.name(), prefix + n.baseName(), kind, params, n.matrixValues(), inputs,
                    List.copyOf(after), List.copyOf(deps), n.when().map(c -> c.bind(this::param, this::rename)), n.retries(),
                    n.timeout(), n.checks(), n.cpu(), env, n.code(), n.cache());
        }

        /** The value of a {@code ${params.NAME}} reference in the used pipeline: the run would read the using one's. */
        private java.util.Optional<Object> param(Template.Ref r) {
            if (!r.namespace().equals("params") || r.segments().size() != 1) return java.util.Optional.empty();
            return java.util.Optional.ofNullable(params.get(r.segments().getFirst()));
        }

        private Template rename(Template t) {
            return t.mapRefs(this::rename);
        }

        /**
         * {@code steps.load...} becomes {@code steps.features/load...}; a {@code params} reference still open (an
         * optional parameter without a value) is renamed out of the using pipeline's parameters, so it fails as it
         * would have in the used one instead of reading a parameter of the same name.
         */
        private Template.Ref rename(Template.Ref r) {
            if (r.namespace().equals("steps") || r.namespace().equals("params")) {
                return Template.parseRef(r.namespace() + "." + prefix + r.expression().substring(r.namespace().length() + 1));
            }
            return r;
        }
    }
}
