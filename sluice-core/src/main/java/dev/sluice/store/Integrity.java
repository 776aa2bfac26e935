package dev.sluice.store;

import dev.sluice.store.Verification.State;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Checks stored content against its digest and deals with what is damaged, for a {@link LocalArtifactStore}: a
 * damaged or missing blob is written back from the {@link BlobBackup} when it has the bytes, and otherwise a damaged
 * one is moved to {@code quarantine/} (with the folder trees that link it), so that no reader is served wrong bytes
 * again and the next cache lookup misses and recomputes it. The same check backs {@code verify}, the cheap
 * {@link ContentStamp} comparison (only files whose attributes moved are hashed) and {@code sluice fsck}.
 * Thread-safe; keeps no state but the store's files.
 */
record Integrity(StoreLayout layout, Hasher hasher, BlobWriter writer, TreeWriter trees, Supplier<BlobBackup> backup) {
    private static final Logger LOG = LoggerFactory.getLogger(Integrity.class);

    /** The stamp of a file or folder artifact; a stamp that vouches for nothing when it is not stored intact. */
    ContentStamp stamp(Digest digest) throws IOException {
        List<Digest> blobs = new ArrayList<>();
        if (Files.isRegularFile(layout.manifest(digest))) {
            Optional<Manifest> manifest = intactManifest(digest);
            if (manifest.isEmpty()) return ContentStamp.unknown(digest);
            manifest.get().entries().forEach(e -> blobs.add(e.digest()));
        } else {
            blobs.add(digest);
        }
        List<ContentStamp.Entry> entries = new ArrayList<>(blobs.size());
        for (Digest b : blobs) entries.add(attributes(b));
        return new ContentStamp(digest, entries);
    }

    /** Checks content against its digest, hashing the files whose attributes differ from the stamp's. */
    Verification verify(ContentStamp stamp) throws IOException {
        Digest d = stamp.digest();
        Map<Digest, ContentStamp.Entry> stamped = new HashMap<>();
        stamp.entries().forEach(e -> stamped.put(e.blob(), e));
        if (!Files.isRegularFile(layout.manifest(d))) return blob(d, stamped.get(d));
        Optional<Manifest> manifest = intactManifest(d);
        if (manifest.isEmpty()) return quarantineManifest(d, false);
        Verification worst = Verification.of(d, State.INTACT);
        for (Manifest.Entry e : manifest.get().entries()) worst = worst.worse(blob(e.digest(), stamped.get(e.digest())));
        if (!worst.usable()) trees.remove(d); // its tree would serve what is no longer there
        return worst;
    }

    /** One blob: unchanged since stamped, or hashing to its digest; else written back, or else quarantined. */
    private Verification blob(Digest d, ContentStamp.Entry stamped) throws IOException {
        ContentStamp.Entry now = attributes(d);
        if (now.size() < 0) return restore(d) ? Verification.of(d, State.RESTORED) : Verification.of(d, State.MISSING);
        if (vouches(stamped, now)) return Verification.of(d, State.INTACT);
        if (hashesTo(layout.blob(d), d)) return Verification.of(d, State.INTACT);
        if (restore(d)) return Verification.of(d, State.RESTORED);
        Optional<Path> moved = quarantineBlob(d, now.fileKey(), false);
        if (moved.isPresent()) return new Verification(d, State.QUARANTINED, moved);
        // replaced meanwhile by another writer (which stores only bytes that hash right): look again, once
        return hashesTo(layout.blob(d), d) ? Verification.of(d, State.INTACT) : Verification.of(d, State.MISSING);
    }

    /** Same file, same size, same change time: nothing wrote to it (a stamp without a change time vouches for nothing). */
    private static boolean vouches(ContentStamp.Entry stamped, ContentStamp.Entry now) {
        return stamped != null && stamped.fileKey() != null && stamped.changedNanos() != 0 && stamped.equals(now);
    }

    /** Whether the file's bytes hash to the digest; false when it is gone. */
    boolean hashesTo(Path file, Digest d) throws IOException {
        try {
            return hasher.hash(file).digest().equals(d);
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** The manifest, when its bytes still hash to its digest. */
    Optional<Manifest> intactManifest(Digest d) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(layout.manifest(d));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (!Hasher.hash(bytes).equals(d)) return Optional.empty();
        try {
            return Optional.of(Manifest.parse(bytes, d));
        } catch (StoreException e) {
            LOG.warn("{}", e.getMessage());
            return Optional.empty(); // hashes right but is no manifest Sluice wrote: planted by hand
        }
    }

    /**
     * Writes the blob back from the backup when the backup has bytes that hash to the digest; true if it did. The
     * trees that linked the file it replaces are dropped (they would keep its old bytes).
     */
    boolean restore(Digest digest) {
        Optional<byte[]> bytes;
        try {
            bytes = backup.get().content(digest);
        } catch (RuntimeException e) {
            LOG.warn("cannot read the backup of blob {}: {}", digest, e.toString());
            return false;
        }
        if (bytes.isEmpty() || !Hasher.hash(bytes.get()).equals(digest)) return false;
        try {
            Object replaced = TreeWriter.fileKey(layout.blob(digest));
            writer.restore(digest, bytes.get());
            trees.dropLinking(replaced);
            LOG.info("restored blob {} ({} bytes) from the metadata database", digest, bytes.get().length);
            return true;
        } catch (IOException e) {
            throw new StoreException("could not restore blob " + digest + " under '" + layout.root() + "': " + e
                    + "; check free disk space and permissions", e);
        }
    }

    /**
     * Moves a damaged blob to {@code quarantine/} if it is still the file {@code fileKey} names (one another writer
     * renamed a good copy over meanwhile is left alone), and drops the trees that link it; empty if it moved nothing.
     * Logged as a warning unless {@code quiet} (when the caller reports it itself, as {@code sluice fsck} does).
     */
    Optional<Path> quarantineBlob(Digest d, Object fileKey, boolean quiet) throws IOException {
        Path blob = layout.blob(d);
        if (!Objects.equals(TreeWriter.fileKey(blob), fileKey)) return Optional.empty();
        Optional<Path> moved = moveAside(blob, layout.quarantined("", d));
        if (moved.isPresent()) {
            trees.dropLinking(fileKey);
            if (!quiet) {
                LOG.warn("blob {} no longer matched its digest (damaged on disk); moved it to {}, so the step that made"
                        + " it runs again ('sluice fsck' checks the whole store)", d, moved.get());
            }
        }
        return moved;
    }

    /** Drops a folder's tree (it is rebuilt on next use). */
    void dropTree(Digest folder) throws IOException {
        trees.remove(folder);
    }

    /** Moves a manifest that no longer hashes to its digest to {@code quarantine/} and drops its tree. */
    Verification quarantineManifest(Digest d, boolean quiet) throws IOException {
        Optional<Path> moved = moveAside(layout.manifest(d), layout.quarantined("manifest-", d));
        trees.remove(d);
        if (moved.isPresent() && !quiet) {
            LOG.warn("the manifest of folder {} no longer matched its digest; moved it to {}, so the step that made it"
                    + " runs again ('sluice fsck' checks the whole store)", d, moved.get());
        }
        return moved.isPresent() ? new Verification(d, State.QUARANTINED, moved) : Verification.of(d, State.MISSING);
    }

    private static Optional<Path> moveAside(Path file, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        try {
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
            return Optional.of(target);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** A blob's key, size and change time now; size -1 when it is missing. */
    private ContentStamp.Entry attributes(Digest blob) throws IOException {
        Path p = layout.blob(blob);
        try {
            Map<String, Object> a = Files.readAttributes(p, "unix:fileKey,size,ctime,isRegularFile", LinkOption.NOFOLLOW_LINKS);
            if (!Boolean.TRUE.equals(a.get("isRegularFile"))) return new ContentStamp.Entry(blob, null, -1, 0);
            return new ContentStamp.Entry(blob, a.get("fileKey"), (Long) a.get("size"),
                    ((FileTime) a.get("ctime")).to(java.util.concurrent.TimeUnit.NANOSECONDS));
        } catch (NoSuchFileException e) {
            return new ContentStamp.Entry(blob, null, -1, 0);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            // no ctime here: a key-less entry never vouches, so the blob is hashed
            Object key = TreeWriter.fileKey(p);
            return new ContentStamp.Entry(blob, key, Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? Files.size(p) : -1, 0);
        }
    }
}
