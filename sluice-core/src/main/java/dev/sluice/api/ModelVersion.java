package dev.sluice.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One registered version of a named model: the stored model artifact, the run and step run that registered it,
 * the metrics its producer reported, and the aliases ({@code champion}, {@code challenger}, ...) pointing at it.
 */
public record ModelVersion(String name, int version, String artifactId, Optional<String> runId,
                           Optional<String> stepRunId, Instant created, Map<String, Double> metrics, List<String> aliases) {
    public ModelVersion {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(artifactId, "artifactId");
        Objects.requireNonNull(created, "created");
        metrics = Map.copyOf(metrics);
        aliases = List.copyOf(aliases);
    }

    /** {@code churn@3} */
    @Override
    public String toString() {
        return name + "@" + version;
    }
}
