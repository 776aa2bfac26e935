package dev.sluice.pipeline;

import dev.sluice.api.PortKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One step as written, with what the rest of validation ({@link StepBinder}, {@link Wiring}, {@link TemplateChecker})
 * needs to know about it. Not thread-safe: its output references are made on first use, during one validation.
 */
record BaseStep(int index, StepSpec spec, Optional<StepKind> kind, Map<String, PortKind> outputs,
                List<Map<String, Object>> combos, OutputRef[] outputRefs) {
    BaseStep(int index, StepSpec spec, Optional<StepKind> kind, Map<String, PortKind> outputs,
             List<Map<String, Object>> combos) {
        this(index, spec, kind, outputs, combos, new OutputRef[outputs.size()]);
    }

    /**
     * The reference to output {@code output} (one of {@link #outputs()}) of this plain step, one object for all
     * the steps that read it.
     */
    OutputRef outputRef(String output) {
        int i = 0;
        for (Map.Entry<String, PortKind> e : outputs.entrySet()) {
            if (e.getKey().equals(output)) {
                if (outputRefs[i] == null) outputRefs[i] = new OutputRef(name(), e.getKey(), e.getValue());
                return outputRefs[i];
            }
            i++;
        }
        throw new IllegalArgumentException("step '" + name() + "' has no output '" + output + "'");
    }

    String name() {
        return spec.name();
    }

    /** True for a step with instances: a matrix or a sweep. */
    boolean isMatrix() {
        return !spec.matrix().isEmpty() || spec.sweep().isPresent();
    }

    /** True for a step whose instances are known only at run time ({@code foreach:}). */
    boolean isForeach() {
        return spec.foreach().isPresent();
    }

    boolean isSweep() {
        return spec.sweep().isPresent();
    }

    List<String> instanceNames() {
        if (!isMatrix()) return List.of(name());
        if (isSweep()) {
            List<String> names = new ArrayList<>(combos.size());
            for (int i = 0; i < combos.size(); i++) names.add(Sweep.instanceName(name(), i + 1));
            return names;
        }
        return combos.stream().map(c -> Matrix.instanceName(name(), c)).toList();
    }
}
