package dev.sluice.store;

import dev.sluice.fault.CrashPoints;
import dev.sluice.fault.IoFaults;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Decides when stored content reaches the disk. {@link #immediate()} fsyncs every file and folder as it is
 * written (2–8 ms each here). {@link #deferred()} only remembers what was written; {@link #syncPending}
 * then makes all of it durable at once: one fsync per file, issued concurrently from virtual threads, so that
 * the filesystem's journal commits them together (measured here: 0.3–1.5 ms a file amortized, against
 * 3–8 ms one by one; a whole-filesystem {@code sync -f} cost 80–220 ms a call and flushes other programs'
 * writes too). The executor calls it before the metadata commit that refers to the content, so a recorded
 * artifact is always durable, at the cost of one batched sync per group commit.
 * Content is renamed into place either way, so a reader never sees a partial file.
 *
 * <p>A blob whose bytes the caller keeps durably elsewhere (small artifacts, whose content the metadata
 * database records inside the same group commit, see {@link #keptElsewhere}) needs neither its own fsync
 * nor its folder's: after a crash the store rewrites it from there ({@link BlobBackup}). Thread-safe.
 */
public final class Syncer {
    private static final Logger LOG = LoggerFactory.getLogger(Syncer.class);

    private final boolean deferred;
    /** Files (blobs and manifests) and folders written since the last {@link #syncPending}. */
    private final Set<Path> pending = ConcurrentHashMap.newKeySet();
    /** Blobs written since the last {@link #syncPending}; their folders are synced with them. */
    private final Set<Path> pendingBlobs = ConcurrentHashMap.newKeySet();

    private Syncer(boolean deferred) {
        this.deferred = deferred;
    }

    /** Every write is fsynced before {@code put} returns. */
    public static Syncer immediate() {
        return new Syncer(false);
    }

    /** Writes are made durable together by {@link #syncPending}. */
    public static Syncer deferred() {
        return new Syncer(true);
    }

    /** A file {@code path} whose content was just written through {@code ch}, before it is renamed into place. */
    void file(FileChannel ch, Path path) throws IOException {
        if (deferred) return;
        IoFaults.check(IoFaults.STORE_FSYNC, path);
        ch.force(true);
    }

    /** A file now at its final path (deferred mode remembers it). */
    void written(Path finalPath) {
        if (deferred) pending.add(finalPath);
    }

    /** A blob just renamed to {@code blob}: its folder's new entry must reach the disk too. */
    void blob(Path blob) throws IOException {
        if (deferred) pendingBlobs.add(blob);
        else StoreLayout.fsyncDirectory(blob.getParent());
    }

    /**
     * A blob that was already there when identical content was stored again. Its writer may have left it to
     * be kept elsewhere (see {@link #keptElsewhere}) and this caller may not do the same, so with deferred
     * syncing it and its folder are synced with the next batch whatever any claim says.
     */
    void existing(Path blob) {
        if (deferred) {
            pending.add(blob);
            pending.add(blob.getParent());
        }
    }

    /**
     * The blob's bytes are kept durably elsewhere by the caller, recorded before this call: it needs no fsync
     * of its own (nor its folder's entry). Only call it once the record that holds the bytes was submitted, so
     * that any metadata commit referring to the blob also holds its bytes. It only cancels the sync of a blob
     * written new; one stored again by anyone ({@link #existing}) is synced anyway.
     */
    void keptElsewhere(Path blob) {
        pendingBlobs.remove(blob);
    }

    /**
     * A file written from bytes the caller keeps durably elsewhere (see {@link #keptElsewhere}), before its rename:
     * synced now only when every write is.
     */
    void keptFile(FileChannel ch, Path path) throws IOException {
        file(ch, path);
    }

    /**
     * A blob just renamed into place whose bytes the caller keeps durably elsewhere: synced only when every write is;
     * with deferred syncing it is not remembered at all, so no other writer's claim is touched.
     */
    void keptBlob(Path blob) throws IOException {
        if (!deferred) StoreLayout.fsyncDirectory(blob.getParent());
    }

    /** Whether {@code p} waits for the next {@link #syncPending} (for tests). */
    boolean isPending(Path p) {
        return pending.contains(p) || pendingBlobs.contains(p);
    }

    /** A folder whose entries changed. */
    void directory(Path dir) throws IOException {
        if (deferred) pending.add(dir);
        else StoreLayout.fsyncDirectory(dir);
    }

    /**
     * Makes everything written so far durable; a no-op when nothing is pending.
     *
     * @throws StoreException when an fsync failed: what was written may not be on the disk, so the records that
     *     refer to it must not be committed. The paths are not synced again (after a failed fsync the kernel may
     *     report the next one of the same file clean although the data is lost), and nothing is deleted: the
     *     content is still correct as far as this process can tell, and {@code sluice fsck} checks it.
     */
    public void syncPending() {
        CrashPoints.reach(CrashPoints.META_BEFORE_SYNC);
        if (pending.isEmpty() && pendingBlobs.isEmpty()) return;
        List<Path> batch = new ArrayList<>(pending);
        batch.forEach(pending::remove);
        List<Path> blobs = new ArrayList<>(pendingBlobs);
        blobs.forEach(pendingBlobs::remove);
        List<Path> files = new ArrayList<>(blobs);
        Set<Path> folders = new java.util.LinkedHashSet<>();
        for (Path p : batch) {
            if (Files.isDirectory(p)) folders.add(p);
            else files.add(p);
        }
        for (Path b : blobs) folders.add(b.getParent());
        List<Path> dirs = new ArrayList<>(folders);
        forceAll(files);
        forceAll(dirs); // after the files: a directory entry must not outlive its file's content
    }

    private static void forceAll(List<Path> paths) {
        if (paths.isEmpty()) return;
        if (paths.size() == 1) {
            rethrow(paths.getFirst(), force(paths.getFirst()));
            return;
        }
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<IOException>> running = new ArrayList<>(paths.size());
            for (Path p : paths) running.add(pool.submit(() -> force(p)));
            for (int i = 0; i < paths.size(); i++) {
                try {
                    rethrow(paths.get(i), running.get(i).get());
                } catch (ExecutionException e) {
                    throw new StoreException("could not fsync '" + paths.get(i) + "': " + e.getCause(), e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while making the artifact store's writes durable", e);
        }
    }

    private static void rethrow(Path p, IOException failure) {
        if (failure == null) return;
        throw new StoreException("could not fsync '" + p + "' in the artifact store (" + failure.getMessage()
                + "): what was written there may not be on the disk; check the disk (dmesg), then run again", failure);
    }

    /** Fsyncs a file or folder; returns the error, or null. A file removed meanwhile needs no sync. */
    private static IOException force(Path p) {
        try {
            if (Files.isDirectory(p)) {
                StoreLayout.fsyncDirectory(p);
            } else if (Files.exists(p)) {
                IoFaults.check(IoFaults.STORE_FSYNC, p);
                try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
                    ch.force(true);
                }
            }
            return null;
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            LOG.debug("could not fsync {}: {}", p, e.toString());
            return e;
        }
    }
}
