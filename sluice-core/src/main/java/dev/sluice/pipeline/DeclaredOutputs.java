package dev.sluice.pipeline;

import dev.sluice.api.PortKind;
import dev.sluice.api.PortSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a pipeline's declared {@code outputs:} ({@code data: check.data}, {@code models: gbdt[*].model}, or an input
 * passed through, {@code raw: inputs.raw}) against its steps, as {@link Wiring} checks a step's inputs, and resolves
 * each to the step outputs it stands for. Not thread-safe.
 */
record DeclaredOutputs(PipelineSpec spec, Map<String, BaseStep> bases, Problems problems) {
    /** Each declared output to its sources; outputs with mistakes are left out (and reported). */
    Map<String, List<OutputRef>> resolve() {
        Map<String, List<OutputRef>> out = new LinkedHashMap<>();
        spec.outputs().forEach((name, text) -> {
            List<OutputRef> refs = resolve("outputs." + name, name, text);
            if (refs != null) out.put(name, refs);
        });
        return out;
    }

    private List<OutputRef> resolve(String path, String name, String text) {
        WireRef ref;
        try {
            ref = WireRef.parse(text);
        } catch (IllegalArgumentException e) {
            problems.add(path, e.getMessage(), "");
            return null;
        }
        if (readsInputs(spec, bases, ref)) {
            PortSpec in = spec.inputs().get(ref.output());
            if (in == null) {
                problems.add(path, "output '" + name + "' gives '" + text + "', but the pipeline declares no input '"
                        + ref.output() + "'", inputHint(spec, ref.output()));
                return null;
            }
            return List.of(new OutputRef(SubPipelines.INPUTS, in.name(), in.kind()));
        }
        BaseStep producer = bases.get(ref.step());
        if (producer == null) {
            problems.add(path, "output '" + name + "' gives '" + text + "', but there is no step '" + ref.step() + "'",
                    Suggestions.didYouMean(ref.step(), bases.keySet()).map(h -> h.replace("'?", "." + ref.output() + "'?"))
                            .orElse(""));
            return null;
        }
        if (producer.kind().isEmpty()) return null;
        PortKind kind = producer.outputs().get(ref.output());
        if (kind == null) {
            problems.add(path, "output '" + name + "' gives '" + text + "', but step '" + producer.name()
                    + "' has no output '" + ref.output() + "'", Suggestions.didYouMean(ref.output(), producer.outputs().keySet())
                    .map(h -> h.replace("Did you mean '", "Did you mean '" + producer.name() + "."))
                    .orElse("Its outputs: " + String.join(", ", producer.outputs().keySet()) + "."));
            return null;
        }
        List<String> instances;
        if (ref.all()) {
            instances = producer.instanceNames();
        } else if (ref.instance().isEmpty()) {
            if (producer.isMatrix()) {
                problems.add(path, "'" + producer.name() + "' is a matrix step with " + producer.combos().size()
                        + " instances", "Write " + producer.name() + "[*]." + ref.output() + " to give all of them.");
                return null;
            }
            instances = List.of(producer.name());
        } else {
            String instance = producer.name() + "[" + ref.instance().get() + "]";
            if (!producer.instanceNames().contains(instance)) {
                problems.add(path, "step '" + producer.name() + "' has no instance '" + instance + "'",
                        Suggestions.didYouMean(instance, producer.instanceNames()).orElse(""));
                return null;
            }
            instances = List.of(instance);
        }
        return instances.stream().map(i -> new OutputRef(i, ref.output(), kind)).toList();
    }

    /** True when {@code ref} reads one of the pipeline's declared inputs ({@code inputs.raw}). */
    static boolean readsInputs(PipelineSpec spec, Map<String, BaseStep> bases, WireRef ref) {
        return ref.step().equals(SubPipelines.INPUTS) && !spec.inputs().isEmpty() && !bases.containsKey(SubPipelines.INPUTS);
    }

    /** "Did you mean 'inputs.raw'?", or the declared inputs. */
    static String inputHint(PipelineSpec spec, String name) {
        return Suggestions.didYouMean(name, spec.inputs().keySet())
                .map(h -> h.replace("Did you mean '", "Did you mean '" + SubPipelines.INPUTS + "."))
                .orElse("It declares: " + String.join(", ", spec.inputs().keySet()) + ".");
    }
}
