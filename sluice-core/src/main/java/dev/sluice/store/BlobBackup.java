package dev.sluice.store;

import java.util.Optional;

/**
 * Where a {@link LocalArtifactStore} finds the bytes of a blob that is missing from its folder or no longer
 * matches its digest: the metadata database keeps the content of small artifacts inside the group commit
 * that records them (one fsync for a whole batch instead of two per file), so after a crash those blobs
 * are written back from it on first use. Implementations are thread-safe.
 */
@FunctionalInterface
public interface BlobBackup {
    /** Keeps nothing. */
    BlobBackup NONE = digest -> Optional.empty();

    /** The bytes recorded for the digest, if any (the store checks that they hash to it). */
    Optional<byte[]> content(Digest digest);
}
