package dev.sluice.store;

import java.util.Optional;
import java.util.Set;

/**
 * What {@code sluice gc} asks of a store whose layout it cannot read as files (one in a bucket): how big a stored
 * digest is and whether it is a folder, and which files a folder lists (they stay while the folder is referenced).
 * Answers come from the store's index (object sizes, manifests), never from reading the content. Implementations are
 * thread-safe.
 *
 * <pre>{@code
 * if (store instanceof StoreInventory inventory) {
 *     for (Digest f : inventory.folderFiles(folder)) keep.add(f);
 * }
 * }</pre>
 */
public interface StoreInventory {
    /** A stored digest's size in bytes (a folder: its manifest's) and whether it is a folder. */
    record Entry(long size, boolean folder) {}

    /** The digest's entry, empty when it is not stored. */
    Optional<Entry> entry(Digest digest);

    /** The file digests a stored folder lists; empty for a file artifact or a digest not stored. */
    Set<Digest> folderFiles(Digest folder);

    /** Removes what writers that died left half-written and nobody can see (older than a day); returns how many. */
    default int removeAbandonedWrites() {
        return 0;
    }
}
