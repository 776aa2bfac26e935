package dev.sluice.pipeline;

import dev.sluice.api.Component;
import dev.sluice.api.DefinitionException;
import dev.sluice.api.ParamSpec;
import dev.sluice.api.PortKind;
import dev.sluice.api.Problem;
import dev.sluice.pipeline.internal.Copies;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a {@link PipelineSpec} into a {@link Pipeline}, or reports every problem at once in a
 * {@link DefinitionException}: unknown components, parameters and inputs (with suggestions),
 * references to unknown steps or outputs, port kind mismatches, parameters of the wrong type or out
 * of bounds, missing required inputs and parameters, malformed templates, conditions and checks,
 * and cycles (with their path). Linear in the size of the pipeline. Thread-safe.
 */
public final class PipelineValidator {
    private final ComponentRegistry registry;

    public PipelineValidator(ComponentRegistry registry) {
        this.registry = registry;
    }

    /**
     * @param overrides pipeline parameter values from the command line ({@code -p name=value}), as text
     * @throws DefinitionException listing every problem, in file order
     */
    public Pipeline validate(PipelineSpec spec, Map<String, String> overrides) {
        return validate(spec, overrides, new Problems(spec));
    }

    /**
     * Validates a pipeline used as a step of another ({@code uses: pipeline:...}), with the typed parameter values
     * that step gives it; its problems are located in its own file.
     */
    Pipeline validateUsed(PipelineSpec spec, Map<String, Object> params) {
        return validate(spec, params, new Problems(spec));
    }

    private Pipeline validate(PipelineSpec spec, Map<String, ?> overrides, Problems problems) {
        Map<String, Object> params = resolveParams(spec, overrides, problems);
        Map<String, BaseStep> bases = describeSteps(spec, problems);
        StepBinder binder = new StepBinder(spec, params, bases, problems);
        SubPipelines subs = new SubPipelines(spec, registry, problems);
        List<StepNode> nodes = new ArrayList<>();
        for (BaseStep base : bases.values()) {
            List<StepNode> bound = binder.bind(base);
            if (SubPipelines.isPipelineStep(base)) subs.expand(base, bound, nodes);
            else nodes.addAll(bound);
        }
        new FinalStepChecks(spec, bases, problems).check(nodes);
        Map<String, List<OutputRef>> outputs = new DeclaredOutputs(spec, bases, problems).resolve();
        DagOrder.reportCycles(binder.edges(), problems);
        throwIfAny(spec, problems);
        nodes = subs.resolve(nodes);
        outputs = subs.resolveOutputs(outputs);
        throwIfAny(spec, problems);
        Map<String, List<String>> matrices = new LinkedHashMap<>();
        bases.values().stream().filter(BaseStep::isMatrix).forEach(b -> matrices.put(b.name(), b.instanceNames()));
        Map<String, List<String>> instances = new Instances(spec.steps(), matrices);
        if (subs.any()) {
            instances = new LinkedHashMap<>(instances);
            instances.putAll(subs.instances());
        }
        Map<String, Foreach> foreach = new LinkedHashMap<>();
        bases.values().stream().filter(BaseStep::isForeach).forEach(b -> {
            ForeachSpec f = b.spec().foreach().orElseThrow();
            foreach.put(b.name(), new Foreach(b.name(), f));
        });
        Map<String, SweepTrials> sweeps = new LinkedHashMap<>();
        bases.values().stream().filter(b -> b.isSweep() && b.kind().isPresent()).forEach(b ->
                sweeps.put(b.name(), new SweepTrials(b.name(), b.spec().sweep().orElseThrow(), b.instanceNames())));
        sweeps.putAll(subs.sweeps());
        return new Pipeline(spec.name(), spec, params, DagOrder.sort(nodes), instances,
                new Pipeline.Shape(spec.inputs(), outputs, subs.baseDirs(), sweeps, foreach));
    }

    private static void throwIfAny(PipelineSpec spec, Problems problems) {
        if (problems.isEmpty() && spec.problems().isEmpty()) return;
        List<Problem> all = new ArrayList<>(spec.problems());
        all.addAll(problems.list());
        throw new DefinitionException(all);
    }

    private static Map<String, Object> resolveParams(PipelineSpec spec, Map<String, ?> overrides, Problems problems) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (ParamSpec p : spec.params().values()) {
            Object override = overrides.get(p.name());
            if (override != null) {
                try {
                    values.put(p.name(), p.validate(override));
                } catch (IllegalArgumentException e) {
                    problems.add(new Problem(Optional.empty(), "-p " + p.name(), e.getMessage(), "Expected " + describe(p) + "."));
                }
            } else if (p.defaultValue().isPresent()) {
                values.put(p.name(), p.defaultValue().get());
            } else if (p.required()) {
                problems.add(new Problem(Optional.empty(), "params." + p.name(),
                        "pipeline parameter '" + p.name() + "' has no default and no value",
                        "Pass it with -p " + p.name() + "=VALUE (" + describe(p) + ")."));
            }
        }
        for (String name : overrides.keySet()) {
            if (!spec.params().containsKey(name)) {
                String known = spec.params().isEmpty() ? "this pipeline declares no parameters"
                        : "known: " + String.join(", ", spec.params().keySet());
                problems.add(new Problem(Optional.empty(), "-p " + name, "unknown pipeline parameter '" + name + "'",
                        Suggestions.didYouMean(name, spec.params().keySet()).orElse("(" + known + ")")));
            }
        }
        return values;
    }

    /** {@code "an int between 1 and 16"} */
    static String describe(ParamSpec p) {
        StringBuilder sb = new StringBuilder(p.type().yamlName());
        p.min().ifPresent(m -> sb.append(", min ").append(Template.text(m)));
        p.max().ifPresent(m -> sb.append(", max ").append(Template.text(m)));
        if (!p.allowed().isEmpty()) sb.append(", one of ").append(p.allowed());
        return sb.toString();
    }

    private Map<String, BaseStep> describeSteps(PipelineSpec spec, Problems problems) {
        Map<String, BaseStep> bases = LinkedHashMap.newLinkedHashMap(spec.steps().size());
        // one kind and one output map per component, shared by its steps: a plan of a million steps keeps them all
        Map<Component, ComponentStep> javaSteps = new IdentityHashMap<>();
        for (StepSpec s : spec.steps().values()) {
            String at = "steps." + s.name();
            Optional<StepKind> kind = Optional.empty();
            Map<String, PortKind> outputs = Map.of();
            if (s.uses().isPresent() && s.run().isEmpty() && PipelineSpec.usesPipeline(s.uses().get())) {
                PipelineComponent c = pipelineComponent(spec, s, problems);
                if (c != null) {
                    kind = Optional.of(new StepKind.JavaStep(c));
                    outputs = new LinkedHashMap<>();
                    for (var o : c.spec().outputs()) outputs.put(o.name(), o.kind());
                }
            } else if (s.uses().isPresent() && s.run().isEmpty()) {
                Component c = resolveComponent(s, problems);
                if (c != null) {
                    ComponentStep shared = javaSteps.computeIfAbsent(c, ComponentStep::of);
                    kind = shared.kind();   // one Optional for all the component's steps
                    outputs = shared.outputs();
                    if (!s.outputs().isEmpty()) {
                        problems.add(at + ".outputs", "outputs: is only for command steps (run:); component '"
                                + c.spec().name() + "' declares its own outputs",
                                "Remove outputs:; it has " + (outputs.isEmpty() ? "none" : String.join(", ", outputs.keySet())) + ".");
                    }
                }
            } else if (!s.run().isEmpty() && s.uses().isEmpty()) {
                outputs = s.outputs();
                kind = Optional.of(new StepKind.CommandStep(List.of(), outputs));
            } else if (spec.problems().stream().noneMatch(p -> p.path().startsWith(at))) {
                problems.add(at, "step '" + s.name() + "' needs exactly one of uses: (a component) or run: (a command)", "");
            }
            if (s.name().equals(SubPipelines.INPUTS) && !spec.inputs().isEmpty()) {
                problems.add(at, "step name '" + SubPipelines.INPUTS + "' is taken: this pipeline declares inputs:, which its"
                        + " steps read as " + SubPipelines.INPUTS + ".NAME", "Rename the step.");
            }
            BaseStep base = new BaseStep(bases.size(), s, kind, outputs, combos(s, problems));
            checkFolderNames(base, problems);
            bases.put(s.name(), base);
        }
        return bases;
    }

    /** The step's instances' values: its matrix's combinations, or its sweep's trials. */
    private static List<Map<String, Object>> combos(StepSpec s, Problems problems) {
        if (s.foreach().isPresent()) {
            if (!s.matrix().isEmpty() || s.sweep().isPresent()) {
                problems.add("steps." + s.name() + ".foreach", "step '" + s.name() + "' has foreach: and "
                        + (s.sweep().isPresent() ? "sweep:" : "matrix:") + "; keep one", "foreach: makes one instance per"
                        + " element of a list known at run time; matrix: and sweep: know theirs before the run.");
            }
            return List.of(Map.of()); // one node, expanded when the run reaches it
        }
        if (s.sweep().isEmpty()) return Matrix.expand(s, problems);
        if (!s.matrix().isEmpty()) {
            problems.add("steps." + s.name() + ".sweep", "step '" + s.name() + "' has both matrix: and sweep:; keep one",
                    "matrix: tries every combination of listed values; sweep: draws trials from ranges.");
        }
        try {
            return Sweep.trials(s.sweep().get());
        } catch (IllegalArgumentException e) {
            problems.add("steps." + s.name() + ".sweep.trials", "step '" + s.name() + "': " + e.getMessage(),
                    "Ask for fewer trials, or widen the ranges.");
            return List.of(Map.of());
        }
    }

    /** Longest step name: the run makes a folder named after each step instance. */
    static final int MAX_STEP_NAME = 100;
    /** Longest instance name ({@code gbdt[eta=0.1]}), well within the 255 bytes of a file name (folder names are ASCII). */
    static final int MAX_INSTANCE_NAME = 200;

    /** Refuses step and instance names the run could not create a folder for; one problem per step. */
    private static void checkFolderNames(BaseStep base, Problems problems) {
        String name = base.name();
        if (name.length() > MAX_STEP_NAME) {
            problems.add("steps." + name, "step name '" + Template.abbreviate(name) + "' is " + name.length()
                    + " characters long; a step name has at most " + MAX_STEP_NAME + ", as the run makes a folder named"
                    + " after each step", "Use a shorter name.");
            return;
        }
        if (!base.isMatrix() || base.isSweep()) return; // trial names are short: gbdt[trial=12]
        for (Map<String, Object> combo : base.combos()) {
            String instance = Matrix.instanceName(name, combo);
            if (instance.length() <= MAX_INSTANCE_NAME) continue;
            String longest = combo.entrySet().stream()
                    .max(java.util.Comparator.comparingInt(e -> Template.text(e.getValue()).length()))
                    .map(Map.Entry::getKey).orElse("");
            problems.add("steps." + name + ".matrix." + longest, "matrix instance '" + Template.abbreviate(instance)
                    + "' of step '" + name + "' has a " + instance.length() + "-character name; an instance name has at most "
                    + MAX_INSTANCE_NAME + ", as the run makes a folder named after each instance",
                    "Use shorter matrix values, e.g. a short key per value that the step looks up.");
            return;
        }
    }

    /** What the steps using one component share: their kind and their outputs by name, in the spec's order. */
    private record ComponentStep(Optional<StepKind> kind, Map<String, PortKind> outputs) {
        static ComponentStep of(Component c) {
            Map<String, PortKind> outputs = new LinkedHashMap<>();
            c.spec().outputs().forEach(o -> outputs.put(o.name(), o.kind()));
            return new ComponentStep(Optional.of(new StepKind.JavaStep(c)), Copies.ordered(outputs));
        }
    }

    /**
     * The component that stands for the pipeline a step uses, or null when there is none (the loader reported why:
     * the file is missing or the files use each other in a cycle). Keys that make no sense on such a step are
     * reported.
     */
    private PipelineComponent pipelineComponent(PipelineSpec spec, StepSpec s, Problems problems) {
        String at = "steps." + s.name();
        PipelineStepKeys.unsupported(s).forEach(key -> problems.add(at + "." + key, "step '" + s.name() + "' uses a pipeline,"
                + " so " + key + ": does not apply to it", PipelineStepKeys.hint(key, s.uses().orElseThrow())));
        PipelineSpec sub = spec.subPipelines().get(s.uses().orElseThrow());
        if (sub != null && !sub.finalSteps().isEmpty()) {
            problems.add(at + ".uses", "step '" + s.name() + "' uses " + s.uses().orElseThrow() + ", which has finally: or"
                    + " on_failure: steps; they run only in the pipeline that runs", "Move them to this pipeline's finally:"
                    + " or on_failure:, or keep that file for running on its own.");
        }
        if (sub != null) {
            sub.steps().values().stream().filter(u -> u.foreach().isPresent()).findFirst().ifPresent(u ->
                    problems.add(at + ".uses", "step '" + s.name() + "' uses " + s.uses().orElseThrow() + ", whose step '"
                            + u.name() + "' has foreach:, which a used pipeline cannot have yet",
                            "Move that step into this pipeline, reading the used pipeline's outputs."));
        }
        if (sub != null) return PipelineComponent.of(s.uses().orElseThrow(), sub, registry);
        if (spec.problems().stream().noneMatch(p -> p.path().startsWith(at))) {
            problems.add(at + ".uses", "step '" + s.name() + "' uses " + s.uses().orElseThrow() + ", which was not loaded",
                    "Load the file with YamlPipelineLoader, or in Java write uses(pipeline) with a built Pipeline.");
        }
        return null;
    }

    private Component resolveComponent(StepSpec s, Problems problems) {
        String uses = s.uses().orElseThrow();
        try {
            return registry.resolve(uses);
        } catch (ComponentRegistry.NotAComponent e) {
            problems.add("steps." + s.name() + ".uses", e.getMessage(), "A component class implements "
                    + Component.class.getName() + " and has a public no-argument constructor.");
            return null;
        } catch (IllegalArgumentException e) {
            String hint = Suggestions.didYouMean(uses, registry.names())
                    .orElse("Built-in components: " + String.join(", ", registry.names())
                            + "; or give the class name of a dev.sluice.api.Component on the class path.");
            problems.add("steps." + s.name() + ".uses", e.getMessage(), hint);
            return null;
        }
    }
}
