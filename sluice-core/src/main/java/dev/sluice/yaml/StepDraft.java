package dev.sluice.yaml;

import dev.sluice.api.PortKind;
import dev.sluice.pipeline.RetryPolicy;
import dev.sluice.pipeline.StepSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The fields of one step while its keys are read; becomes a {@link StepSpec}. Not thread-safe. */
final class StepDraft {
    Optional<String> uses = Optional.empty();
    List<String> run = new ArrayList<>();
    final Map<String, Object> with = new LinkedHashMap<>();
    final Map<String, List<String>> inputs = new LinkedHashMap<>();
    final Map<String, PortKind> outputs = new LinkedHashMap<>();
    List<String> after = List.of();
    final Map<String, List<Object>> matrix = new LinkedHashMap<>();
    Optional<String> when = Optional.empty();
    RetryPolicy retries = RetryPolicy.NONE;
    Optional<Duration> timeout = Optional.empty();
    final Map<String, String> checks = new LinkedHashMap<>();
    int cpu = 1;
    final Map<String, String> env = new LinkedHashMap<>();
    List<String> code = List.of();
    boolean cache = true;
    Optional<dev.sluice.pipeline.SweepSpec> sweep = Optional.empty();
    Optional<dev.sluice.pipeline.ForeachSpec> foreach = Optional.empty();
    Optional<String> engine = Optional.empty();

    StepSpec toSpec(String name) {
        return new StepSpec(name, uses, run, with, inputs, outputs, after, matrix, when, retries, timeout,
                checks, cpu, env, code, cache, sweep, foreach, engine);
    }
}
