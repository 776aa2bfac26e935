package dev.sluice.pipeline;

import dev.sluice.api.Component;
import dev.sluice.api.DefinitionException;
import dev.sluice.api.ParamSpec;
import dev.sluice.api.PortKind;
import dev.sluice.api.Problem;

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
        Problems problems = new Problems(spec);
        Map<String, Object> params = resolveParams(spec, overrides, problems);
        Map<String, BaseStep> bases = describeSteps(spec, problems);
        StepBinder binder = new StepBinder(spec, params, bases, problems);
        List<StepNode> nodes = new ArrayList<>();
        for (BaseStep base : bases.values()) {
            nodes.addAll(binder.bind(base));
        }
        DagOrder.reportCycles(binder.edges(), problems);
        if (!problems.isEmpty() || !spec.problems().isEmpty()) {
            List<Problem> all = new ArrayList<>(spec.problems());
            all.addAll(problems.list());
            throw new DefinitionException(all);
        }
        Map<String, List<String>> matrices = new LinkedHashMap<>();
        bases.values().stream().filter(BaseStep::isMatrix).forEach(b -> matrices.put(b.name(), b.instanceNames()));
        return new Pipeline(spec.name(), spec, params, DagOrder.sort(nodes), new Instances(spec.steps(), matrices));
    }

    private static Map<String, Object> resolveParams(PipelineSpec spec, Map<String, String> overrides, Problems problems) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (ParamSpec p : spec.params().values()) {
            String override = overrides.get(p.name());
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
            if (s.uses().isPresent() && s.run().isEmpty()) {
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
            BaseStep base = new BaseStep(bases.size(), s, kind, outputs, Matrix.expand(s, problems));
            checkFolderNames(base, problems);
            bases.put(s.name(), base);
        }
        return bases;
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
        if (!base.isMatrix()) return;
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
