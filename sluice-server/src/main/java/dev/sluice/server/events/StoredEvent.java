package dev.sluice.server.events;

import java.util.Objects;

/**
 * One event of a run as clients receive it: its number in the run (1, 2, ... without gaps: the SSE id), its type
 * ({@code run_queued}, {@code step_started}, ...) and the whole event as a JSON object. Immutable.
 */
public record StoredEvent(String runId, long seq, long atMillis, String type, String json) {
    public StoredEvent {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(json, "json");
    }

    /** True for the last event a run has ({@code run_finished}). */
    public boolean isLast() {
        return type.equals(EventJson.RUN_FINISHED);
    }
}
