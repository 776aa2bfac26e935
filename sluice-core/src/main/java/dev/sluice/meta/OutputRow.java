package dev.sluice.meta;

import java.util.Objects;

/**
 * One artifact on a port of a step run. {@code position} orders the artifacts of a list port (0 for a
 * single artifact).
 */
public record OutputRow(String port, int position, String artifactId) {
    public OutputRow {
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(artifactId, "artifactId");
        if (position < 0) throw new IllegalArgumentException("position must be >= 0, was " + position);
    }

    /** A single artifact (position 0) on a port. */
    public static OutputRow of(String port, String artifactId) { return new OutputRow(port, 0, artifactId); }
}
