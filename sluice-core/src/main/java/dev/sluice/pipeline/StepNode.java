package dev.sluice.pipeline;

import dev.sluice.pipeline.internal.Copies;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One validated step instance in a {@link Pipeline}: a plain step, or one instance of a matrix
 * step (then {@code name} is e.g. {@code gbdt[eta=0.1]} and {@code baseName} is {@code gbdt}).
 *
 * @param params       typed parameter values by name; a value that reads upstream results
 *                     ({@code ${steps.s.metrics.m}}) is kept as a {@link Template} and resolved when the step starts
 * @param matrixValues this instance's matrix values (empty for a plain step)
 * @param inputs       input port name to what is wired to it; unwired optional inputs are absent
 * @param after        instance names this step waits for without reading their outputs
 * @param dependencies every instance this step waits for (inputs, after, and references in params and when), in pipeline order
 * @param env          extra environment variables for a command step (values may be templates resolved at run time)
 * @param code         files whose content is part of the step's fingerprint
 */
public record StepNode(String name, String baseName, StepKind kind, Map<String, Object> params,
                       Map<String, Object> matrixValues, Map<String, Binding> inputs, List<String> after,
                       List<String> dependencies, Optional<Condition> when, RetryPolicy retries,
                       Optional<Duration> timeout, List<CheckSpec> checks, int cpu, Map<String, String> env,
                       List<Path> code, boolean cache) {
    public StepNode {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        params = Copies.ordered(params);
        matrixValues = Copies.ordered(matrixValues);
        inputs = Copies.ordered(inputs);
        after = List.copyOf(after);
        dependencies = List.copyOf(dependencies);
        checks = List.copyOf(checks);
        env = Copies.ordered(env);
        code = List.copyOf(code);
        if (cpu < 1) throw new IllegalArgumentException("cpu < 1");
    }

    /** The component name and version, or {@code run} for a command step. */
    public String componentLabel() {
        return switch (kind) {
            case StepKind.JavaStep j -> j.component().spec().name() + "@" + j.component().spec().version();
            case StepKind.CommandStep c -> "run";
        };
    }
}
