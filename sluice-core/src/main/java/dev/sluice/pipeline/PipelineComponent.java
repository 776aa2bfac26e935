package dev.sluice.pipeline;

import dev.sluice.api.Component;
import dev.sluice.api.ComponentSpec;
import dev.sluice.api.PortKind;
import dev.sluice.api.PortSpec;
import dev.sluice.api.StepContext;

import java.util.Optional;

/**
 * A pipeline used as a step ({@code uses: pipeline:features.yaml}), seen as a component while its step is
 * validated: its parameters are the pipeline's {@code params:}, its inputs its declared {@code inputs:}, its outputs
 * its declared {@code outputs:} (their kinds read from the steps they name), so the step's {@code with:} and
 * {@code inputs:} are checked, with suggestions, like any component's. It never runs: the validator replaces the step
 * by the pipeline's own steps ({@link SubPipelines}). Immutable; thread-safe.
 */
final class PipelineComponent implements Component {
    private final ComponentSpec spec;
    private final PipelineSpec pipeline;

    private PipelineComponent(ComponentSpec spec, PipelineSpec pipeline) {
        this.spec = spec;
        this.pipeline = pipeline;
    }

    /** The component for {@code uses} (e.g. {@code pipeline:features.yaml}), naming the pipeline {@code sub}. */
    static PipelineComponent of(String uses, PipelineSpec sub, ComponentRegistry registry) {
        ComponentSpec.Builder b = ComponentSpec.builder(uses, "pipeline").description("pipeline " + sub.name());
        sub.params().values().forEach(b::param);
        sub.inputs().values().forEach(b::input);
        sub.outputs().forEach((name, ref) -> b.output(name, outputKind(sub, ref, registry, 0)));
        // no metrics declared: checks: on the step are refused on their own, and ${steps...} references to it too
        return new PipelineComponent(b.build(), sub);
    }

    /** The pipeline this component stands for. */
    PipelineSpec pipeline() {
        return pipeline;
    }

    @Override
    public ComponentSpec spec() {
        return spec;
    }

    @Override
    public void run(StepContext ctx) {
        throw new IllegalStateException("pipeline step " + spec.name() + " is replaced by its steps when validated");
    }

    @Override
    public String toString() {
        return spec.name();
    }

    /**
     * The kind of what {@code ref} (an output reference of {@code sub}) names, read from the step's component, its
     * declared command outputs or the pipeline it uses in turn; {@code file} when it names nothing (validating
     * {@code sub} reports that at the reference).
     */
    private static PortKind outputKind(PipelineSpec sub, String ref, ComponentRegistry registry, int depth) {
        WireRef w;
        try {
            w = WireRef.parse(ref);
        } catch (IllegalArgumentException e) {
            return PortKind.FILE;
        }
        if (w.step().equals(SubPipelines.INPUTS) && !sub.steps().containsKey(SubPipelines.INPUTS)) {
            return Optional.ofNullable(sub.inputs().get(w.output())).map(PortSpec::kind).orElse(PortKind.FILE);
        }
        StepSpec step = sub.steps().get(w.step());
        if (step == null) return PortKind.FILE;
        if (!step.run().isEmpty()) return step.outputs().getOrDefault(w.output(), PortKind.FILE);
        String uses = step.uses().orElse("");
        if (PipelineSpec.usesPipeline(uses)) {
            PipelineSpec inner = sub.subPipelines().get(uses);
            String innerRef = inner == null ? null : inner.outputs().get(w.output());
            // the loader refuses cycles between files; the depth only guards specs built by hand
            return innerRef == null || depth > 100 ? PortKind.FILE : outputKind(inner, innerRef, registry, depth + 1);
        }
        try {
            return registry.resolve(uses).spec().output(w.output()).map(PortSpec::kind).orElse(PortKind.FILE);
        } catch (IllegalArgumentException e) {
            return PortKind.FILE;
        }
    }
}
