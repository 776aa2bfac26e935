package dev.sluice.store;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which file each blob stored by this process was stored from, by that file's {@link FileIdentity} when it was
 * hashed. A blob whose content was already in the store is a different file from the step output it stands for;
 * this lets a reader that keeps what it wrote in memory (the table I/O of {@code sluice-ml}) recognise the blob as
 * the file it wrote, on the store's own proof that the two hold the same bytes. The last 4,096 blobs; thread-safe.
 * Read through {@link ArtifactStore#storedFrom}.
 */
final class BlobOrigins {
    private static final int KEEP = 4_096;
    private static final Map<Path, FileIdentity> ORIGINS = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, FileIdentity> eldest) {
            return size() > KEEP;
        }
    };

    private BlobOrigins() {
    }

    static void record(Path blob, FileIdentity origin) {
        synchronized (ORIGINS) {
            ORIGINS.put(blob.toAbsolutePath().normalize(), origin);
        }
    }

    /** The identity of the file {@code blob} was stored from by this process, if it was. */
    static Optional<FileIdentity> origin(Path blob) {
        synchronized (ORIGINS) {
            return Optional.ofNullable(ORIGINS.get(blob.toAbsolutePath().normalize()));
        }
    }
}
