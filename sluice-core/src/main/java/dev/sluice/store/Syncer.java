package dev.sluice.store;

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
import java.util.concurrent.TimeUnit;

/**
 * Decides when stored content reaches the disk. {@link #immediate()} fsyncs every file and folder as it is
 * written (about 2 ms each here). {@link #deferred(Path)} only remembers what was written; {@link #syncPending}
 * then makes all of it durable at once with one {@code syncfs} of the store's filesystem ({@code sync -f}),
 * falling back to an fsync per file. The executor calls it before the metadata commit that refers to the
 * content, so a recorded artifact is always durable, at one sync per group commit instead of one per file.
 * Content is renamed into place either way, so a reader never sees a partial file. Thread-safe.
 */
public final class Syncer {
    private static final Logger LOG = LoggerFactory.getLogger(Syncer.class);

    private final Path root;
    private final Set<Path> pending = ConcurrentHashMap.newKeySet();
    private volatile boolean syncfsWorks = true;

    private Syncer(Path root) {
        this.root = root;
    }

    /** Every write is fsynced before {@code put} returns. */
    public static Syncer immediate() {
        return new Syncer(null);
    }

    /** Writes are made durable together by {@link #syncPending}. */
    public static Syncer deferred(Path root) {
        return new Syncer(root);
    }

    boolean deferred() {
        return root != null;
    }

    /** A file whose content was just written through {@code ch} and will be renamed to {@code finalPath}. */
    void file(FileChannel ch) throws IOException {
        if (!deferred()) ch.force(true);
    }

    /** A file now at its final path (deferred mode remembers it). */
    void written(Path finalPath) {
        if (deferred()) pending.add(finalPath);
    }

    /** A folder whose entries changed. */
    void directory(Path dir) throws IOException {
        if (deferred()) pending.add(dir);
        else StoreLayout.fsyncDirectory(dir);
    }

    /** Makes everything written so far durable; a no-op when nothing is pending. */
    public void syncPending() {
        if (pending.isEmpty()) return;
        List<Path> batch = new ArrayList<>(pending);
        if (!(syncfsWorks && syncfs())) {
            for (Path p : batch) force(p);
        }
        batch.forEach(pending::remove);
    }

    /** One {@code syncfs(2)} of the store's filesystem through coreutils' {@code sync -f}. */
    private boolean syncfs() {
        try {
            Process p = new ProcessBuilder("sync", "-f", root.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) return true;
            p.destroyForcibly();
        } catch (IOException e) {
            LOG.debug("sync -f is not available: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        LOG.info("'sync -f' did not work here; falling back to one fsync per stored file");
        syncfsWorks = false;
        return false;
    }

    private static void force(Path p) {
        try {
            if (Files.isDirectory(p)) {
                StoreLayout.fsyncDirectory(p);
            } else if (Files.exists(p)) {
                try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
                    ch.force(true);
                }
            }
        } catch (IOException e) {
            LOG.warn("could not fsync {}: {}", p, e.toString());
        }
    }
}
