package dev.sluice.meta;

import java.util.Objects;

/**
 * A sweep recorded with its run ({@code run_sweeps}): the swept step, its method, its objective and how its trials
 * were drawn. The trials are the run's step runs whose {@code base_step} is {@code step}. Immutable.
 *
 * @param goal   {@code maximize} or {@code minimize}
 * @param params the names of the swept parameters, in file order
 */
public record SweepRow(String runId, String step, String method, String metric, String goal, int trials, long seed,
                       java.util.List<String> params) {
    public SweepRow {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(goal, "goal");
        params = java.util.List.copyOf(params);
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** The swept parameters' names as a JSON list, as stored. */
    String paramsJson() {
        try {
            return JSON.writeValueAsString(params);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a list of names is JSON", e);
        }
    }

    /** The names stored by {@link #paramsJson()}; empty when unreadable. */
    static java.util.List<String> parseParams(String json) {
        try {
            return java.util.List.of(JSON.readValue(json, String[].class));
        } catch (java.io.IOException | RuntimeException e) {
            return java.util.List.of();
        }
    }

    /** True when a larger objective is better. */
    public boolean maximize() {
        return goal.equals("maximize");
    }
}
