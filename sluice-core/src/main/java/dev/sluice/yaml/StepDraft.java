package dev.sluice.yaml;

import dev.sluice.api.PortKind;
import dev.sluice.pipeline.RetryPolicy;
import dev.sluice.pipeline.StepSpec;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fields of one step while its keys are read; becomes a {@link StepSpec}. Its maps are made when a key first
 * needs one (most steps use two of the six), and an absent map becomes an empty one in the spec. Not thread-safe.
 */
final class StepDraft {
    Optional<String> uses = Optional.empty();
    List<String> run = List.of();
    private Map<String, Object> with;
    private Map<String, List<String>> inputs;
    private Map<String, PortKind> outputs;
    List<String> after = List.of();
    private Map<String, List<Object>> matrix;
    Optional<String> when = Optional.empty();
    RetryPolicy retries = RetryPolicy.NONE;
    Optional<Duration> timeout = Optional.empty();
    private Map<String, String> checks;
    int cpu = 1;
    private Map<String, String> env;
    List<String> code = List.of();
    boolean cache = true;
    Optional<dev.sluice.pipeline.SweepSpec> sweep = Optional.empty();
    Optional<dev.sluice.pipeline.ForeachSpec> foreach = Optional.empty();
    Optional<String> engine = Optional.empty();

    Map<String, Object> with() {
        if (with == null) with = new LinkedHashMap<>();
        return with;
    }

    Map<String, List<String>> inputs() {
        if (inputs == null) inputs = new LinkedHashMap<>();
        return inputs;
    }

    Map<String, PortKind> outputs() {
        if (outputs == null) outputs = new LinkedHashMap<>();
        return outputs;
    }

    Map<String, List<Object>> matrix() {
        if (matrix == null) matrix = new LinkedHashMap<>();
        return matrix;
    }

    Map<String, String> checks() {
        if (checks == null) checks = new LinkedHashMap<>();
        return checks;
    }

    Map<String, String> env() {
        if (env == null) env = new LinkedHashMap<>();
        return env;
    }

    StepSpec toSpec(String name) {
        return new StepSpec(name, uses, run, with, inputs, outputs, after, matrix, when, retries, timeout,
                checks, cpu, env, code, cache, sweep, foreach, engine);
    }
}
