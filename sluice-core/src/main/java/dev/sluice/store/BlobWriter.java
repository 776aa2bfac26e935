package dev.sluice.store;

import dev.sluice.fault.CrashPoints;
import dev.sluice.fault.IoFaults;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Writes content into the store in two phases, so nothing partial is ever visible: {@link #stage}
 * puts the bytes in {@code tmp/} (hashing them on the way and fsyncing them), {@link #commit}
 * makes the staged file read-only and renames it to its blob name. Renaming over an identical
 * blob another writer just committed is harmless, so concurrent writers of the same content both
 * succeed. Content already stored is compared byte for byte with the staged copy before the copy is dropped:
 * a blob damaged on disk (same size, even with its modification time put back, where the digest memo would
 * vouch for it) is replaced by the good copy, and the trees that linked it are dropped. Thread-safe.
 */
final class BlobWriter {
    private static final Logger LOG = LoggerFactory.getLogger(BlobWriter.class);

    /**
     * A file in {@code tmp/} whose content hashes to {@code hashed}, staged from a source file of identity
     * {@code origin} (empty when unknown, or when the source changed while it was hashed).
     */
    record Staged(Path temp, Hasher.Hashed hashed, Optional<FileIdentity> origin) { }

    private final StoreLayout layout;
    private final Hasher hasher;

    private final Syncer syncer;
    private final TreeWriter trees;

    BlobWriter(StoreLayout layout, Hasher hasher, Syncer syncer, TreeWriter trees) {
        this.layout = layout;
        this.hasher = hasher;
        this.syncer = syncer;
        this.trees = trees;
    }

    /**
     * Stages a source file. With {@code link} the file is hard-linked into {@code tmp/} instead
     * of copied when it is on the same filesystem and has no other links (a file with other links
     * could later be changed through them); the source itself is left in place either way.
     */
    Staged stage(Path source, boolean link) throws IOException {
        Path temp = layout.newTemp("blob");
        Optional<FileIdentity> before = FileIdentity.of(source);
        try {
            IoFaults.check(IoFaults.STORE_WRITE, temp);
            Hasher.Hashed hashed = link && linkable(source) && tryLink(temp, source)
                    ? hasher.hashAndSync(temp, source) : hasher.copy(source, temp);
            Optional<FileIdentity> origin = before.equals(FileIdentity.of(source)) ? before : Optional.empty();
            return new Staged(temp, hashed, origin);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /**
     * Renames a staged file to its blob name and tells the syncer (the blob and its folder are synced
     * together, now or once per batch).
     */
    void commit(Staged staged) throws IOException {
        CrashPoints.reach(CrashPoints.STORE_BLOB_STAGED);
        Path blob = layout.blob(staged.hashed().digest());
        Object replaced = null;
        // isRegularFile follows links but, unlike exists(NOFOLLOW_LINKS), throws nothing for a new blob; the
        // store never links blobs, and a link put there by hand is replaced by the rename below
        if (Files.isRegularFile(blob)) {
            replaced = TreeWriter.fileKey(blob);
            if (Files.size(blob) == staged.hashed().size() && sameBytes(staged.temp(), blob)) {
                Files.delete(staged.temp()); // already stored: identical content is kept once
                syncer.existing(blob);
                staged.origin().ifPresent(o -> BlobOrigins.record(blob, o));
                return;
            }
            // else a blob cut short (a power loss before its sync) or damaged on disk: the good copy replaces it
            LOG.warn("blob {} in the store did not hold its content (cut short, or damaged on disk); replaced it with"
                    + " the copy just stored", staged.hashed().digest());
        }
        Permissions.readOnly(staged.temp(), false);
        if (!Files.isDirectory(blob.getParent())) Files.createDirectories(blob.getParent());
        CrashPoints.reach(CrashPoints.STORE_BEFORE_RENAME);
        Files.move(staged.temp(), blob, StandardCopyOption.ATOMIC_MOVE);
        CrashPoints.reach(CrashPoints.STORE_AFTER_RENAME);
        syncer.blob(blob);
        staged.origin().ifPresent(o -> BlobOrigins.record(blob, o));
        trees.dropLinking(replaced);
    }

    /**
     * Stores bytes held in memory (see {@link LocalArtifactStore#put(ArtifactStore.Content, dev.sluice.api.PortKind,
     * boolean)}): hashed here; a blob already stored is read and compared, and kept when it holds them; else the
     * bytes are written into {@code tmp/} in one write, made read-only and renamed into place. With
     * {@code keptElsewhere} the syncer is told nothing about the blob (the caller's record holds the bytes).
     */
    Hasher.Hashed write(byte[] bytes, Optional<FileIdentity> origin, boolean keptElsewhere) throws IOException {
        CrashPoints.reach(CrashPoints.STORE_BLOB_STAGED);
        Hasher.Hashed hashed = new Hasher.Hashed(hasher.hashBytes(bytes), bytes.length);
        Path blob = layout.blob(hashed.digest());
        Object replaced = null;
        byte[] stored = readIfThere(blob, bytes.length);
        if (stored != null) {
            if (java.util.Arrays.equals(stored, bytes)) {
                if (!keptElsewhere) syncer.existing(blob);
                origin.ifPresent(o -> BlobOrigins.record(blob, o));
                return hashed;
            }
            replaced = TreeWriter.fileKey(blob);
            LOG.warn("blob {} in the store did not hold its content (cut short, or damaged on disk); replaced it with"
                    + " the copy just stored", hashed.digest());
        }
        Path temp = layout.newTemp("blob");
        try {
            IoFaults.check(IoFaults.STORE_WRITE, temp);
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) ch.write(buf);
                if (!keptElsewhere) syncer.file(ch, temp);
                else syncer.keptFile(ch, temp);
            }
            Permissions.readOnly(temp, false);
            if (!Files.isDirectory(blob.getParent())) Files.createDirectories(blob.getParent());
            CrashPoints.reach(CrashPoints.STORE_BEFORE_RENAME);
            Files.move(temp, blob, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        CrashPoints.reach(CrashPoints.STORE_AFTER_RENAME);
        if (!keptElsewhere) syncer.blob(blob);
        else syncer.keptBlob(blob);
        origin.ifPresent(o -> BlobOrigins.record(blob, o));
        trees.dropLinking(replaced);
        return hashed;
    }

    /**
     * The bytes of a stored blob when it is there, or null when it is not; a blob of another size than
     * {@code expected} is returned as an empty array (it differs).
     */
    private static byte[] readIfThere(Path blob, int expected) throws IOException {
        try (FileChannel ch = FileChannel.open(blob, StandardOpenOption.READ)) {
            if (ch.size() != expected) return new byte[0];
            ByteBuffer buf = ByteBuffer.allocate(expected);
            while (buf.hasRemaining() && ch.read(buf) >= 0) { }
            return buf.hasRemaining() ? new byte[0] : buf.array();
        } catch (NoSuchFileException e) {
            return null;
        } catch (java.nio.file.FileSystemException e) {
            if (Files.isRegularFile(blob)) throw e;
            return null; // a folder or a dangling link put there by hand: replaced by the rename below
        }
    }

    /**
     * Whether the stored blob holds the bytes just staged (which hash to its digest). Reading both costs what
     * hashing the blob would, minus the hashing; it is the only way to tell a blob damaged in place from a good one.
     */
    private static boolean sameBytes(Path staged, Path blob) throws IOException {
        try {
            return Files.mismatch(staged, blob) == -1;
        } catch (NoSuchFileException e) {
            return false; // removed meanwhile: store the staged copy
        }
    }

    /**
     * Writes a blob back from bytes kept elsewhere (see {@link BlobBackup}): temp, fsync, read-only, rename,
     * fsync of the folder, whatever the syncer's mode, since nothing else keeps the restored file.
     */
    void restore(Digest digest, byte[] bytes) throws IOException {
        Path blob = layout.blob(digest);
        Path temp = layout.newTemp("restore");
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) ch.write(buf);
                IoFaults.check(IoFaults.STORE_FSYNC, temp);
                ch.force(true);
            }
            Permissions.readOnly(temp, false);
            Files.createDirectories(blob.getParent());
            Files.move(temp, blob, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            StoreLayout.fsyncDirectory(blob.getParent());
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    void discard(Staged staged) {
        try {
            Files.deleteIfExists(staged.temp());
        } catch (IOException e) {
            // left for cleanTemporaryFiles; the original failure matters more
        }
    }

    /** Writes a manifest atomically (temp, fsync, read-only, rename, fsync folder); returns its digest. */
    Digest writeManifest(Manifest manifest) throws IOException {
        byte[] bytes = manifest.toBytes();
        Digest digest = Hasher.hash(bytes);
        Path target = layout.manifest(digest);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return digest;
        }
        Path temp = layout.newTemp("manifest");
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                syncer.file(ch, temp);
            }
            Permissions.readOnly(temp, false);
            Files.createDirectories(target.getParent());
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            CrashPoints.reach(CrashPoints.STORE_MANIFEST_RENAMED);
            syncer.written(target);
        } finally {
            Files.deleteIfExists(temp);
        }
        syncer.directory(target.getParent());
        return digest;
    }

    private static boolean linkable(Path source) {
        try {
            Object links = Files.getAttribute(source, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
            return links instanceof Integer n && n == 1;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false; // not a POSIX file on the default filesystem: copy
        }
    }

    private static boolean tryLink(Path temp, Path source) {
        try {
            Files.createLink(temp, source);
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false; // another filesystem, too many links, or links not allowed: copy instead
        }
    }
}
