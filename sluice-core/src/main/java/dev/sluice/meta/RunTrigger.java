package dev.sluice.meta;

import java.util.Objects;
import java.util.Optional;

/**
 * Why a run was started when a person did not start it: a drift alarm, a signed webhook delivery, a data file that
 * landed, an upstream run that ended. Stored with the run
 * ({@code run_triggers}), shown by {@code sluice show} and {@code sluice runs --json}, and followed by lineage from a
 * model version to its run and on to the cause.
 *
 * @param kind     what started the run, a short lower-case word ({@code drift}, {@code webhook}, {@code data},
 *                 {@code upstream})
 * @param artifact the stored artifact that caused it ({@code sha256:...}, e.g. the drift report), when there is one
 * @param detail   one line for people, e.g. {@code elec@1 drifted on date, transfer}; for a webhook, data or upstream
 *                 cause it starts with the trigger's name and names the delivery id, the file's digest or the upstream
 *                 run ({@code ingest: delivery d-42})
 */
public record RunTrigger(String kind, Optional<String> artifact, String detail) {
    /** The kind of a run started by the drift monitor's retraining trigger. */
    public static final String DRIFT = "drift";
    /** The kind of a run queued by a signed webhook delivery. */
    public static final String WEBHOOK = "webhook";
    /** The kind of a run queued because a file landed in a watched folder. */
    public static final String DATA = "data";
    /** The kind of a run queued because a run of another pipeline ended. */
    public static final String UPSTREAM = "upstream";

    public RunTrigger {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(artifact, "artifact");
        Objects.requireNonNull(detail, "detail");
        if (kind.isBlank()) throw new IllegalArgumentException("a run trigger needs a kind, e.g. drift");
    }

    /** A run started by a drift report stored as {@code reportArtifact}. */
    public static RunTrigger drift(String reportArtifact, String detail) {
        return new RunTrigger(DRIFT, Optional.of(reportArtifact), detail);
    }

    /** A run queued by delivery {@code deliveryId} of the webhook trigger {@code trigger}. */
    public static RunTrigger webhook(String trigger, String deliveryId) {
        return new RunTrigger(WEBHOOK, Optional.empty(), trigger + ": delivery " + deliveryId);
    }

    /** A run queued for the file {@code path} of content {@code digest} ({@code sha256:...}) by the trigger. */
    public static RunTrigger data(String trigger, String digest, String path) {
        return new RunTrigger(DATA, Optional.empty(), trigger + ": file " + digest + " (" + path + ")");
    }

    /** A run queued because run {@code upstreamRun} of {@code pipeline} ended {@code status}. */
    public static RunTrigger upstream(String trigger, String pipeline, String upstreamRun, String status) {
        return new RunTrigger(UPSTREAM, Optional.empty(), trigger + ": run " + upstreamRun + " of " + pipeline + " " + status);
    }
}
