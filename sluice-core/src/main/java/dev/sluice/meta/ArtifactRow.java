package dev.sluice.meta;

import java.time.Instant;
import java.util.Objects;

/**
 * An artifact as recorded: {@code id} is its content digest, {@code sha256:<64 hex digits>}.
 * {@code kind} is the port kind (table, model, file, ...), {@code mediaType} its format.
 */
public record ArtifactRow(String id, String kind, String mediaType, long size, Instant created) {
    public ArtifactRow {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(created, "created");
    }
}
