package dev.sluice.pipeline;

import dev.sluice.api.Component;
import dev.sluice.api.PortKind;
import dev.sluice.api.PortSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Binds a step's {@code inputs:} to upstream outputs and checks names, kinds and arity. Not thread-safe. */
final class Wiring {
    private final PipelineSpec spec;
    private final Map<String, BaseStep> bases;
    private final Problems problems;
    private final TemplateChecker.EdgeSink edges;

    Wiring(PipelineSpec spec, Map<String, BaseStep> bases, Problems problems, TemplateChecker.EdgeSink edges) {
        this.spec = spec;
        this.bases = bases;
        this.problems = problems;
        this.edges = edges;
    }

    /** Input port → binding; ports with mistakes are left out (and reported). */
    Map<String, Binding> bind(BaseStep base, Component component) {
        String at = "steps." + base.name();
        Map<String, Binding> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : base.spec().inputs().entrySet()) {
            String port = e.getKey();
            PortSpec ps = component == null ? null : component.spec().input(port).orElse(null);
            if (component != null && ps == null) {
                List<String> known = component.spec().inputs().stream().map(PortSpec::name).toList();
                problems.add(at + ".inputs." + port, "component '" + component.spec().name() + "' has no input '" + port + "'",
                        Suggestions.didYouMean(port, known).orElse(known.isEmpty() ? "It takes no inputs."
                                : "Its inputs: " + String.join(", ", known) + "."));
            }
            boolean many = e.getValue().size() > 1;
            List<OutputRef> sources = new ArrayList<>(e.getValue().size());
            for (int i = 0; i < e.getValue().size(); i++) {
                many |= wire(base, port, ps, e.getValue().get(i), new RefPath(at, port, i), sources);
            }
            if (component == null) {
                PortKind kind = sources.isEmpty() ? PortKind.FILE : sources.getFirst().kind();
                ps = commandPort(port, kind, many);
            }
            if (ps == null) continue;
            if (!ps.many() && sources.size() > 1) {
                problems.add(at + ".inputs." + port, "input '" + port + "' of step '" + base.name() + "' takes one "
                        + ps.kind().yamlName() + ", but " + sources.size() + " are wired",
                        "Wire a single instance such as " + sources.getFirst() + ", or use a component whose input takes a list.");
            }
            out.put(port, new Binding(ps, sources));
        }
        if (component != null) requireInputs(base, component);
        return out;
    }

    /**
     * Where a reference is written, {@code steps.NAME.inputs.PORT[i]}, spelled out only when a problem or a forward
     * edge needs it: a large plan would otherwise build a string per reference and drop it.
     */
    private record RefPath(String step, String port, int index) {
        @Override
        public String toString() {
            return step + ".inputs." + port + "[" + index + "]";
        }
    }

    /** Adds the sources of one reference; returns true when it names every instance ({@code [*]}). */
    private boolean wire(BaseStep base, String port, PortSpec ps, String text, RefPath at, List<OutputRef> sources) {
        WireRef ref;
        try {
            ref = WireRef.parse(text);
        } catch (IllegalArgumentException ex) {
            problems.add(at.toString(), ex.getMessage(), "");
            return false;
        }
        if (DeclaredOutputs.readsInputs(spec, bases, ref)) return wireInput(base, port, ps, ref, text, at, sources);
        BaseStep producer = bases.get(ref.step());
        if (producer == null) {
            problems.add(at.toString(), "step '" + base.name() + "' reads '" + text + "', but there is no step '" + ref.step() + "'",
                    Suggestions.didYouMean(ref.step(), bases.keySet()).map(h -> h.replace("'?", "." + ref.output() + "'?")).orElse(""));
            return ref.all();
        }
        if (producer == base) {
            problems.add(at.toString(), "step '" + base.name() + "' reads its own output '" + text + "'", "A step reads outputs of other steps.");
            return ref.all();
        }
        edges.edge(base, producer, producer.index() > base.index() ? at.toString() : null);   // see Edges#add
        if (producer.kind().isEmpty()) return ref.all();
        PortKind kind = producer.outputs().get(ref.output());
        if (kind == null) {
            problems.add(at.toString(), "step '" + base.name() + "' reads '" + text + "', but step '" + producer.name()
                    + "' has no output '" + ref.output() + "'", Suggestions.didYouMean(ref.output(), producer.outputs().keySet())
                    .map(h -> h.replace("Did you mean '", "Did you mean '" + producer.name() + "."))
                    .orElse(producer.outputs().isEmpty() ? "It has no outputs."
                            : "Its outputs: " + String.join(", ", producer.outputs().keySet()) + "."));
            return ref.all();
        }
        List<String> instances = instances(producer, ref, at);
        if (!producer.isMatrix()) {
            instances.forEach(i -> sources.add(producer.outputRef(ref.output())));
        } else {
            String output = sharedKey(producer.outputs(), ref.output());
            for (String instance : instances) sources.add(new OutputRef(instance, output, kind));
        }
        if (ps != null && ps.kind() != kind) {
            problems.add(at.toString(), "input '" + port + "' of step '" + base.name() + "' takes " + phrase(ps.kind())
                    + ", but '" + text + "' is " + phrase(kind), "Wire an output of kind " + ps.kind().yamlName() + ".");
        }
        return ref.all();
    }

    /**
     * Wires one of the pipeline's declared inputs ({@code inputs.raw}): what the pipeline that uses this one binds
     * to it takes its place when the pipeline is expanded there. Returns true when it is a list.
     */
    private boolean wireInput(BaseStep base, String port, PortSpec ps, WireRef ref, String text, RefPath at,
                              List<OutputRef> sources) {
        PortSpec in = spec.inputs().get(ref.output());
        if (ref.instance().isPresent()) {
            problems.add(at.toString(), "'" + text + "' selects an instance of the pipeline's inputs, which have none",
                    "Write " + SubPipelines.INPUTS + "." + ref.output() + ".");
            return false;
        }
        if (in == null) {
            problems.add(at.toString(), "step '" + base.name() + "' reads '" + text + "', but the pipeline declares no input '"
                    + ref.output() + "'", DeclaredOutputs.inputHint(spec, ref.output()));
            return false;
        }
        sources.add(new OutputRef(SubPipelines.INPUTS, in.name(), in.kind()));
        if (ps != null && ps.kind() != in.kind()) {
            problems.add(at.toString(), "input '" + port + "' of step '" + base.name() + "' takes " + phrase(ps.kind())
                    + ", but '" + text + "' is " + phrase(in.kind()), "Declare the input as kind "
                    + ps.kind().yamlName() + " or wire another step.");
        }
        return in.many();
    }

    /** The map's own key equal to {@code key}: every reference to an output then shares one string. */
    private static String sharedKey(Map<String, ?> map, String key) {
        for (String k : map.keySet()) if (k.equals(key)) return k;
        return key;
    }

    private List<String> instances(BaseStep producer, WireRef ref, RefPath at) {
        if (producer.isForeach() && !ref.all()) {
            problems.add(at.toString(), "'" + producer.name() + "' is a foreach step: its instances are known only when the"
                    + " run reaches it", "Write " + producer.name() + "[*]." + ref.output() + " to receive all of them.");
            return List.of();
        }
        if (ref.all()) return producer.instanceNames();
        if (ref.instance().isEmpty()) {
            if (producer.isMatrix()) {
                problems.add(at.toString(), "'" + producer.name() + "' is a matrix step with " + producer.combos().size() + " instances",
                        "Write " + producer.name() + "[*]." + ref.output() + " to receive all of them.");
                return List.of();
            }
            return List.of(producer.name());
        }
        String name = producer.name() + "[" + ref.instance().get() + "]";
        if (!producer.instanceNames().contains(name)) {
            problems.add(at.toString(), "matrix step '" + producer.name() + "' has no instance '" + name + "'",
                    Suggestions.didYouMean(name, producer.instanceNames()).orElse("Its instances: "
                            + String.join(", ", producer.instanceNames()) + "."));
            return List.of();
        }
        return List.of(name);
    }

    private void requireInputs(BaseStep base, Component component) {
        for (PortSpec p : component.spec().inputs()) {
            if (!p.optional() && !base.spec().inputs().containsKey(p.name())) {
                problems.add("steps." + base.name(), "step '" + base.name() + "' needs input '" + p.name() + "' ("
                        + phrase(p.kind()) + (p.many() ? ", or a list of them" : "") + ")",
                        "Add inputs: {" + p.name() + ": STEP.OUTPUT}.");
            }
        }
    }

    /** "a table", "a model", "metrics" */
    private static String phrase(PortKind kind) {
        return kind == PortKind.METRICS ? "metrics" : "a " + kind.yamlName();
    }

    /** For synthesized command-step ports. */
    private static PortSpec commandPort(String name, PortKind kind, boolean many) {
        return new PortSpec(name, kind, many, false, "");
    }
}
