package dev.sluice.meta;

import dev.sluice.api.RunStatus;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A run as the read side reports it. {@code state} is {@link RunStatus#INTERRUPTED} for a run stored as
 * running whose process is gone; {@code parametersJson} is a JSON object as text.
 */
public record RunRow(
        String id,
        String pipelineId,
        String pipelineName,
        RunStatus state,
        Instant started,
        Optional<Instant> ended,
        String parametersJson,
        Optional<String> resumedFrom,
        String host,
        long pid,
        Optional<Instant> lastHeartbeat) {
    public RunRow {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(ended, "ended");
        Objects.requireNonNull(resumedFrom, "resumedFrom");
        Objects.requireNonNull(lastHeartbeat, "lastHeartbeat");
    }

    /** This row with another state (used when a running run turns out to be interrupted). */
    RunRow withState(RunStatus newState) {
        return new RunRow(id, pipelineId, pipelineName, newState, started, ended, parametersJson,
                resumedFrom, host, pid, lastHeartbeat);
    }
}
