package dev.sluice.pipeline;

import dev.sluice.api.PortKind;
import dev.sluice.pipeline.internal.Copies;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One step as the author wrote it, before validation. Exactly one of {@code uses} (a component
 * name or class name) and {@code run} (a command as an argument list) is set in a valid spec.
 *
 * @param with    raw parameter values: String, Long, Double, Boolean, List or Map; strings may hold {@code ${...}}
 * @param inputs  input name to references such as {@code load.data} or {@code gbdt[*].model}
 * @param outputs declared outputs of a command step (name to kind); empty for components
 * @param matrix  fan-out: parameter name to the values to try (cartesian product), in file order
 * @param checks  metric name to a condition such as {@code ">= 0.8"}
 * @param code    files (relative to the pipeline folder) whose content is part of a command step's fingerprint
 * @param sweep   a search over parameters, the alternative to {@code matrix}: one instance per trial
 * @param foreach a fan-out decided at run time: one instance per element of an upstream list
 */
public record StepSpec(String name, Optional<String> uses, List<String> run, Map<String, Object> with,
                       Map<String, List<String>> inputs, Map<String, PortKind> outputs, List<String> after,
                       Map<String, List<Object>> matrix, Optional<String> when, RetryPolicy retries,
                       Optional<Duration> timeout, Map<String, String> checks, int cpu, Map<String, String> env,
                       List<String> code, boolean cache, Optional<SweepSpec> sweep, Optional<ForeachSpec> foreach,
                       Optional<String> engine) {
    public StepSpec {
        Objects.requireNonNull(name, "name");
        uses = uses == null ? Optional.empty() : uses;
        run = run == null ? List.of() : List.copyOf(run);
        with = with == null ? Map.of() : Copies.ordered(with);
        inputs = inputs == null ? Map.of() : Copies.ordered(inputs);
        outputs = outputs == null ? Map.of() : Copies.ordered(outputs);
        after = after == null ? List.of() : List.copyOf(after);
        matrix = matrix == null ? Map.of() : Copies.ordered(matrix);
        when = when == null ? Optional.empty() : when;
        retries = retries == null ? RetryPolicy.NONE : retries;
        timeout = timeout == null ? Optional.empty() : timeout;
        checks = checks == null ? Map.of() : Copies.ordered(checks);
        env = env == null ? Map.of() : Copies.ordered(env);
        code = code == null ? List.of() : List.copyOf(code);
        sweep = sweep == null ? Optional.empty() : sweep;
        foreach = foreach == null ? Optional.empty() : foreach;
        engine = engine == null ? Optional.empty() : engine;
    }

    /** A step that runs where the run's engine says (no {@code engine:} of its own). */
    public StepSpec(String name, Optional<String> uses, List<String> run, Map<String, Object> with,
                    Map<String, List<String>> inputs, Map<String, PortKind> outputs, List<String> after,
                    Map<String, List<Object>> matrix, Optional<String> when, RetryPolicy retries,
                    Optional<Duration> timeout, Map<String, String> checks, int cpu, Map<String, String> env,
                    List<String> code, boolean cache, Optional<SweepSpec> sweep, Optional<ForeachSpec> foreach) {
        this(name, uses, run, with, inputs, outputs, after, matrix, when, retries, timeout, checks, cpu, env, code, cache,
                sweep, foreach, Optional.empty());
    }

    /** A step without {@code foreach:}. */
    public StepSpec(String name, Optional<String> uses, List<String> run, Map<String, Object> with,
                    Map<String, List<String>> inputs, Map<String, PortKind> outputs, List<String> after,
                    Map<String, List<Object>> matrix, Optional<String> when, RetryPolicy retries,
                    Optional<Duration> timeout, Map<String, String> checks, int cpu, Map<String, String> env,
                    List<String> code, boolean cache, Optional<SweepSpec> sweep) {
        this(name, uses, run, with, inputs, outputs, after, matrix, when, retries, timeout, checks, cpu, env, code, cache,
                sweep, Optional.empty());
    }

    /** A step without a sweep. */
    public StepSpec(String name, Optional<String> uses, List<String> run, Map<String, Object> with,
                    Map<String, List<String>> inputs, Map<String, PortKind> outputs, List<String> after,
                    Map<String, List<Object>> matrix, Optional<String> when, RetryPolicy retries,
                    Optional<Duration> timeout, Map<String, String> checks, int cpu, Map<String, String> env,
                    List<String> code, boolean cache) {
        this(name, uses, run, with, inputs, outputs, after, matrix, when, retries, timeout, checks, cpu, env, code, cache,
                Optional.empty());
    }

    /** The parameters that vary between the step's instances: its matrix's keys, or those its sweep draws. */
    public java.util.Set<String> variedParams() {
        if (foreach.isPresent()) return java.util.Set.of(foreach.get().as());
        return sweep.<java.util.Set<String>>map(s -> s.params().keySet()).orElse(matrix.keySet());
    }

    /** Where varied parameter {@code key} is written: {@code steps.NAME.matrix.KEY} or {@code steps.NAME.sweep.params.KEY}. */
    public String variedPath(String key) {
        if (foreach.isPresent()) return "steps." + name + ".foreach";
        return "steps." + name + (sweep.isPresent() ? ".sweep.params." : ".matrix.") + key;
    }

    /** A step that uses a component, with everything else at its default. */
    public static StepSpec uses(String name, String component) {
        return new StepSpec(name, Optional.of(component), List.of(), Map.of(), Map.of(), Map.of(), List.of(),
                Map.of(), Optional.empty(), RetryPolicy.NONE, Optional.empty(), Map.of(), 1, Map.of(), List.of(), true);
    }
}
