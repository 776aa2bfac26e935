package dev.sluice.store;

import java.util.List;
import java.util.Objects;

/**
 * What stored content looked like on disk at one moment, to tell cheaply later whether anything wrote to it: for
 * each file of the artifact (the blob of a file, every blob of a folder) its device and inode, size and change time
 * ({@code ctime}, which no program can set back as it can the modification time). Taken by
 * {@link ArtifactStore#stamp} and checked by {@link ArtifactStore#unchangedSince}, which hashes only the files whose
 * attributes moved. Immutable and thread-safe.
 *
 * <pre>{@code
 * store.materialize(input, workDir.resolve("inputs/data"));   // hard links change a blob's ctime: stamp after
 * ContentStamp before = store.stamp(input);
 * runTheStep();
 * if (!store.unchangedSince(before)) fail("the step wrote to its input");
 * }</pre>
 */
public final class ContentStamp {
    /** One blob's attributes; size -1 when it was missing, change time 0 where the file system has none. */
    record Entry(Digest blob, Object fileKey, long size, long changedNanos) {}

    private final Digest digest;
    private final List<Entry> entries;

    ContentStamp(Digest digest, List<Entry> entries) {
        this.digest = Objects.requireNonNull(digest, "digest");
        this.entries = List.copyOf(entries);
    }

    /** A stamp that vouches for nothing: checking it hashes all the content (for stores without cheap attributes). */
    public static ContentStamp unknown(Digest digest) {
        return new ContentStamp(digest, List.of());
    }

    /** The artifact stamped. */
    public Digest digest() {
        return digest;
    }

    /**
     * Whether this stamp vouches for no file, so that checking it must read all the content: one made by
     * {@link #unknown}, or the stamp of an empty folder (which has nothing to read).
     */
    public boolean vouchesForNothing() {
        return entries.isEmpty();
    }

    List<Entry> entries() {
        return entries;
    }

    @Override
    public String toString() {
        return "ContentStamp[" + digest + ", " + entries.size() + " files]";
    }
}
