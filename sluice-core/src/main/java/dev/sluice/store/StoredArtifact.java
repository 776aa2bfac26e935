package dev.sluice.store;

import dev.sluice.api.PortKind;

import java.util.Objects;

/**
 * What {@link ArtifactStore#put} stored: the content digest (which is also the artifact id), the
 * port kind and media type it was stored as, its size in bytes (for a folder, the sum of its
 * files), and whether it is a folder. Immutable and thread-safe.
 *
 * <p>The kind and media type describe this put; they are not part of the content address, so the
 * same bytes stored as a {@code TABLE} and as a {@code FILE} share one digest and one blob. The
 * metadata store keeps them with the run.
 */
public record StoredArtifact(Digest digest, PortKind kind, String mediaType, long size, boolean folder) {
    /** The media type of a folder artifact. */
    public static final String FOLDER_MEDIA_TYPE = "inode/directory";

    public StoredArtifact {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(mediaType, "mediaType");
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0: " + size);
        }
    }

    /** The artifact id: {@code sha256:<hex>}. */
    public String id() {
        return digest.toString();
    }
}
