package dev.sluice.server.queue;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A run the server accepted, as its queue row says: {@code state} is {@code queued}, {@code running} (claimed by
 * one server, {@code claimedBy}) or {@code done} (then {@code outcome} is its final status). Immutable.
 */
public record QueueEntry(String runId, String pipeline, String version, String state, int priority,
                         Map<String, String> params, boolean noCache, Optional<String> resumeOf, Optional<Integer> concurrencyMax,
                         String submittedBy, Instant queuedAt, Optional<String> claimedBy, Optional<Instant> claimedAt,
                         boolean cancelRequested, Optional<String> outcome, Optional<String> error) {
    public static final String QUEUED = "queued";
    public static final String RUNNING = "running";
    public static final String DONE = "done";

    public QueueEntry {
        Objects.requireNonNull(runId, "runId");
        params = Map.copyOf(params);
    }
}
