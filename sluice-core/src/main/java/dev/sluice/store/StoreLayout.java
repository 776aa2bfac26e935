package dev.sluice.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where things live under {@code <home>/store/}:
 * <pre>
 * blobs/ab/abcd...      file content, read-only, named by the SHA-256 of the content
 * manifests/ab/abcd...  folder manifests (canonical JSON), named by the SHA-256 of the manifest
 * trees/abcd.../        a folder artifact as a read-only folder of hard links to blobs (derived, rebuildable)
 * tmp/                  temporary files on the same filesystem, renamed into place when complete
 * quarantine/           damaged blobs and manifests moved out of view ({@code <hex>-<millis>}), kept for a look
 * </pre>
 * Temporary names carry their creation time ({@code blob-<millis>-<uuid>}) so a clean-up can tell
 * abandoned ones from those another process is writing. Immutable and thread-safe.
 */
final class StoreLayout {
    private final Path root;
    private final Path blobs;
    private final Path manifests;
    private final Path trees;
    private static final long PID = ProcessHandle.current().pid();
    private static final AtomicLong TEMP_COUNTER = new AtomicLong();

    private final Path tmp;
    private final Path quarantine;

    StoreLayout(Path root) {
        this.root = root;
        this.blobs = root.resolve("blobs");
        this.manifests = root.resolve("manifests");
        this.trees = root.resolve("trees");
        this.tmp = root.resolve("tmp");
        this.quarantine = root.resolve("quarantine");
    }

    void create() throws IOException {
        for (Path dir : new Path[] {blobs, manifests, trees, tmp}) {
            Files.createDirectories(dir);
        }
    }

    Path root() {
        return root;
    }

    Path blobs() {
        return blobs;
    }

    Path manifests() {
        return manifests;
    }

    Path tmp() {
        return tmp;
    }

    Path trees() {
        return trees;
    }

    /** Where a damaged blob or manifest is moved; {@code kind} is empty for a blob, {@code "manifest-"} for a manifest. */
    Path quarantined(String kind, Digest d) {
        return quarantine.resolve(kind + d.hex() + "-" + System.currentTimeMillis());
    }

    Path blob(Digest d) {
        return blobs.resolve(d.hex().substring(0, 2)).resolve(d.hex());
    }

    Path manifest(Digest d) {
        return manifests.resolve(d.hex().substring(0, 2)).resolve(d.hex());
    }

    Path tree(Digest d) {
        return trees.resolve(d.hex());
    }

    /** A fresh, unused name in {@code tmp/}; nothing is created. */
    Path newTemp(String kind) {
        // unique across processes (pid) and threads (counter), without SecureRandom on every stored file
        return tmp.resolve(kind + "-" + System.currentTimeMillis() + "-" + PID + "-" + TEMP_COUNTER.incrementAndGet());
    }

    /** Deletes temporary entries created more than {@code olderThan} ago; returns how many. */
    int cleanTemporaryFiles(Duration olderThan) throws IOException {
        long cutoff = System.currentTimeMillis() - olderThan.toMillis();
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(tmp)) {
            for (Path p : entries) {
                if (createdMillis(p.getFileName().toString()) < cutoff) {
                    FileTrees.delete(p);
                    removed++;
                }
            }
        }
        return removed;
    }

    /** Makes a directory's entries durable (renames into it, files created in it). Best effort where unsupported. */
    static void fsyncDirectory(Path dir) throws IOException {
        dev.sluice.fault.IoFaults.check(dev.sluice.fault.IoFaults.STORE_FSYNC, dir);
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (UnsupportedOperationException | SecurityException e) {
            // some platforms (Windows) cannot open a directory; their rename is durable enough
        }
    }

    private static long createdMillis(String name) {
        String[] parts = name.split("-", 3);
        try {
            return parts.length == 3 ? Long.parseLong(parts[1]) : 0L;
        } catch (NumberFormatException e) {
            return 0L; // not ours: a stray file, treat it as old
        }
    }
}
