package dev.sluice.meta;

import dev.sluice.api.CheckResult;
import dev.sluice.api.StepStatus;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One attempt of one step in one run, with what it recorded. {@code step} is the instance name
 * ({@code gbdt[eta=0.1]}), {@code baseStep} the name in the pipeline file ({@code gbdt}).
 * {@code params} map names to JSON values as text; {@code cacheKeyPartsJson} is the JSON object the
 * cache key was hashed from (to explain a miss); {@code cacheSource} is the step run whose outputs a
 * {@link StepStatus#CACHED} step run reused.
 */
public record StepRunRow(
        String id,
        String runId,
        String step,
        String baseStep,
        StepStatus state,
        int attempt,
        Instant started,
        Optional<Instant> ended,
        Optional<Integer> exitCode,
        Optional<String> error,
        Optional<String> logLocation,
        Optional<String> cacheKey,
        String cacheKeyPartsJson,
        Optional<String> cacheSource,
        Map<String, String> params,
        Map<String, Double> metrics,
        List<CheckResult> checks,
        List<OutputRow> outputs) {
    public StepRunRow {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(started, "started");
        params = Map.copyOf(params);
        metrics = Map.copyOf(metrics);
        checks = List.copyOf(checks);
        outputs = List.copyOf(outputs);
    }
}
