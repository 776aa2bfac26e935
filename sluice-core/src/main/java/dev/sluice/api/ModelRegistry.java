package dev.sluice.api;

import java.util.List;
import java.util.Optional;

/**
 * Named models with numbered versions and movable aliases. A {@code register} step adds versions; people
 * move aliases ({@code sluice promote churn 3 --alias champion}); serving resolves {@code name@alias}.
 * Thread-safe; shared by processes through the metadata database.
 */
public interface ModelRegistry {
    /**
     * Adds the next version of {@code name} for a stored model artifact, recording the metrics of the step that
     * produced it, and points each of {@code aliases} at it.
     *
     * @param stepRunId the registering step run, for lineage; empty outside a run
     * @throws IllegalArgumentException when {@code name} or an alias breaks {@link ModelNames}' rule
     */
    ModelVersion register(String name, String artifactId, Optional<String> stepRunId, List<String> aliases);

    /**
     * Points {@code alias} at {@code version} (moving it if it pointed elsewhere); returns that version.
     *
     * @throws IllegalArgumentException when {@code name} or {@code alias} breaks {@link ModelNames}' rule
     */
    ModelVersion alias(String name, int version, String alias);

    /** The versions of one model, newest first; empty for an unknown name. */
    List<ModelVersion> versions(String name);

    /** Every model's newest version, by name. */
    List<ModelVersion> latest();

    /** {@code name@alias}, {@code name@3} or {@code name} (the newest version). */
    Optional<ModelVersion> resolve(String reference);
}
