package dev.sluice.meta;

import java.util.Objects;
import java.util.Optional;

/**
 * Why a run was started when a person did not start it: a drift alarm, for instance. Stored with the run
 * ({@code run_triggers}), shown by {@code sluice show} and {@code sluice runs --json}, and followed by lineage from a
 * model version to its run and on to the cause.
 *
 * @param kind     what started the run, a short lower-case word ({@code drift})
 * @param artifact the stored artifact that caused it ({@code sha256:...}, e.g. the drift report), when there is one
 * @param detail   one line for people, e.g. {@code elec@1 drifted on date, transfer}
 */
public record RunTrigger(String kind, Optional<String> artifact, String detail) {
    /** The kind of a run started by the drift monitor's retraining trigger. */
    public static final String DRIFT = "drift";

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
}
