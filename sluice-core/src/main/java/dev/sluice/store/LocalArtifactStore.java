package dev.sluice.store;

import dev.sluice.api.PortKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * An {@link ArtifactStore} in a local folder, {@code <home>/store/} (home is {@code .sluice/} or
 * {@code SLUICE_HOME}). Blobs are read-only files named by their SHA-256; folders are canonical
 * manifests plus, on first {@link #path}, a read-only tree of hard links; see {@code StoreLayout}.
 *
 * <p>Every write goes to {@code store/tmp/} first, is fsynced, made read-only and renamed into
 * place, and the folder is fsynced: after a crash a blob or manifest is complete or absent. A
 * folder's files are all staged before any is committed, and its manifest is written last, so a
 * visible manifest implies its files are stored. Temporary files abandoned by a crash are removed
 * when a store is opened after 24 hours, or by {@link #cleanTemporaryFiles}.
 *
 * <p>Thread-safe, and safe to share between processes: it keeps no mutable state in memory.
 */
public final class LocalArtifactStore implements ArtifactStore {
    private static final Logger LOG = LoggerFactory.getLogger(LocalArtifactStore.class);
    private static final Duration ABANDONED = Duration.ofHours(24);

    private final StoreLayout layout;
    private final Hasher hasher;
    private final BlobWriter writer;
    private final TreeWriter trees;
    private final Syncer syncer;
    private final Integrity integrity;
    private volatile BlobBackup backup = BlobBackup.NONE;

    /** Opens (creating if needed) the store under {@code home/store/}. */
    public LocalArtifactStore(Path home) {
        this(home, Hasher.ReadListener.NONE, false);
    }

    /**
     * Opens the store; with {@code deferSync} writes are not fsynced one by one but together by
     * {@link #syncer()}{@code .syncPending()}, which the caller must run before it records that the content exists.
     */
    public LocalArtifactStore(Path home, boolean deferSync) {
        this(home, Hasher.ReadListener.NONE, deferSync);
    }

    LocalArtifactStore(Path home, Hasher.ReadListener listener) {
        this(home, listener, false);
    }

    private LocalArtifactStore(Path home, Hasher.ReadListener listener, boolean deferSync) {
        this(home, listener, deferSync, true);
    }

    /**
     * The store under {@code home/store/} for commands that only read: creates no folder and removes no abandoned
     * temporary file (a store that does not exist yet just holds nothing). Use {@link #contains} to ask what is
     * stored; {@link #path} may still lay out a folder's tree or write back a damaged blob.
     */
    public static LocalArtifactStore forReading(Path home) {
        return new LocalArtifactStore(home, Hasher.ReadListener.NONE, false, false);
    }

    private LocalArtifactStore(Path home, Hasher.ReadListener listener, boolean deferSync, boolean prepare) {
        Objects.requireNonNull(home, "home");
        this.layout = new StoreLayout(home.toAbsolutePath().normalize().resolve("store"));
        this.syncer = deferSync ? Syncer.deferred() : Syncer.immediate();
        this.hasher = new Hasher(listener);
        this.hasher.syncWith(syncer);
        this.trees = new TreeWriter(layout);
        this.writer = new BlobWriter(layout, hasher, syncer, trees);
        this.integrity = new Integrity(layout, hasher, writer, trees, () -> backup);
        if (!prepare) return;
        try {
            layout.create();
            layout.cleanTemporaryFiles(ABANDONED);
        } catch (IOException e) {
            throw new StoreException("cannot open the artifact store at '" + layout.root() + "': " + e
                    + "; check that the folder is writable or set SLUICE_HOME", e);
        }
    }

    /** When written content reaches the disk. */
    public Syncer syncer() {
        return syncer;
    }

    /**
     * Where missing or damaged blobs are read back from (by {@link #path}, {@link #verify},
     * {@link #materialize} and folder trees); {@link BlobBackup#NONE} by default.
     */
    public void restoreFrom(BlobBackup backup) {
        this.backup = Objects.requireNonNull(backup, "backup");
    }

    /**
     * The caller keeps the bytes of this file artifact durably elsewhere (it submitted them to the metadata
     * writer, to be committed with the artifact's record, and to be found by the {@link #restoreFrom backup}):
     * with deferred syncing, the blob needs no fsync of its own.
     */
    @Override
    public void keptElsewhere(Digest digest) {
        syncer.keptElsewhere(layout.blob(Objects.requireNonNull(digest, "digest")));
    }

    StoreLayout layout() {
        return layout;
    }

    Integrity integrity() {
        return integrity;
    }

    /** The store's folder, {@code <home>/store}. */
    public Path root() {
        return layout.root();
    }

    @Override
    public StoredArtifact put(Path source, PortKind kind, boolean move) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(kind, "kind");
        boolean folder = checkSource(source);
        if (move && source.toAbsolutePath().normalize().startsWith(layout.root())) {
            throw new StoreException("'" + source + "' is inside the artifact store and cannot be moved;"
                    + " put it with move=false");
        }
        try {
            return folder
                    ? putFolder(source, kind, move)
                    : putFile(source, kind, move);
        } catch (IOException e) {
            throw failure(e, "could not store '" + source + "': " + e
                    + "; check that it is readable and that the disk under '" + layout.root() + "' has room");
        }
    }

    /**
     * {@inheritDoc} Hashed in memory and written once: a new blob is written into {@code tmp/}, made read-only and
     * renamed into place; content already stored is read back and compared, and replaced when it does not hold these
     * bytes. No staging copy, link, second read or second hash. With {@code keptElsewhere} and deferred syncing the
     * blob is not fsynced for this call, whether new or already stored.
     */
    @Override
    public StoredArtifact put(Content content, PortKind kind, boolean keptElsewhere) {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(kind, "kind");
        try {
            Hasher.Hashed h = writer.write(content.bytes(), content.readFrom(), keptElsewhere);
            return new StoredArtifact(h.digest(), kind, MediaTypes.guess(Path.of(content.fileName())), h.size(), false);
        } catch (IOException e) {
            throw failure(e, "could not store '" + content.fileName() + "': " + e
                    + "; check that the disk under '" + layout.root() + "' has room");
        }
    }

    private StoredArtifact putFile(Path source, PortKind kind, boolean move) throws IOException {
        BlobWriter.Staged staged = writer.stage(source, move);
        try {
            writer.commit(staged);
        } catch (IOException | RuntimeException e) {
            writer.discard(staged);
            throw e;
        }
        if (move) {
            try {
                Files.deleteIfExists(source); // a file: no tree walk
            } catch (IOException e) {
                LOG.warn("stored '{}' but could not remove it ({}); delete it by hand", source, e.toString());
            }
        }
        Hasher.Hashed h = staged.hashed();
        return new StoredArtifact(h.digest(), kind, MediaTypes.guess(source), h.size(), false);
    }

    private StoredArtifact putFolder(Path source, PortKind kind, boolean move) throws IOException {
        List<FolderScanner.SourceFile> files = FolderScanner.scan(source);
        List<BlobWriter.Staged> staged = new ArrayList<>(files.size());
        Manifest manifest;
        try {
            List<Manifest.Entry> entries = new ArrayList<>(files.size());
            for (FolderScanner.SourceFile f : files) {
                BlobWriter.Staged s = writer.stage(f.content(), move && f.owned());
                staged.add(s);
                entries.add(new Manifest.Entry(f.path(), s.hashed().digest(), s.hashed().size(), f.executable()));
            }
            manifest = new Manifest(entries);
            for (BlobWriter.Staged s : staged) {
                writer.commit(s);
            }
        } catch (IOException | RuntimeException e) {
            staged.forEach(writer::discard);
            throw e;
        }
        Digest digest = writer.writeManifest(manifest);
        if (move) {
            removeSource(source);
        }
        return new StoredArtifact(digest, kind, StoredArtifact.FOLDER_MEDIA_TYPE, manifest.totalSize(), true);
    }

    /** A write into the store refused by its file system: mounted read-only, or permissions. */
    /** A store that is not writable says so and what to do; any other failure gets {@code otherwise}. */
    private StoreException failure(IOException e, String otherwise) {
        if (notWritable(e)) {
            return new StoreException("the artifact store at '" + layout.root() + "' is not writable ("
                    + Objects.requireNonNullElse(((FileSystemException) e).getReason(), "permission denied")
                    + "): make it writable, or set SLUICE_HOME to a writable folder, and resume the run", e);
        }
        return new StoreException(otherwise, e);
    }

    private boolean notWritable(IOException e) {
        if (!(e instanceof FileSystemException f) || f.getFile() == null || !Path.of(f.getFile()).startsWith(layout.root())) {
            return false;
        }
        return e instanceof java.nio.file.AccessDeniedException || "Read-only file system".equals(f.getReason());
    }

    /** Whether the source is a folder (else a regular file), from one {@code lstat}; anything else is refused. */
    private static boolean checkSource(Path source) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(source, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new StoreException("'" + source + "' does not exist; the step did not write this output", e);
        } catch (IOException e) {
            throw new StoreException("cannot read '" + source + "' to store it: " + e + "; check its permissions", e);
        }
        if (a.isSymbolicLink()) {
            throw new StoreException("'" + source + "' is a symbolic link; write a real file or folder there instead");
        }
        if (!a.isRegularFile() && !a.isDirectory()) {
            throw new StoreException("'" + source + "' is neither a regular file nor a folder; write a regular file instead");
        }
        return a.isDirectory();
    }

    private static void removeSource(Path source) {
        try {
            FileTrees.delete(source);
        } catch (IOException e) {
            LOG.warn("stored '{}' but could not remove it ({}); delete it by hand", source, e.toString());
        }
    }

    @Override
    public Optional<Path> path(Digest digest) {
        Objects.requireNonNull(digest, "digest");
        try {
            if (Files.isRegularFile(layout.manifest(digest))) {
                return Optional.of(ensureTree(digest));
            }
        } catch (IOException e) {
            throw new StoreException("could not lay out folder artifact " + digest + " under '"
                    + layout.root() + "': " + e + "; check free disk space and permissions", e);
        }
        Path blob = layout.blob(digest);
        if (Files.isRegularFile(blob) || restore(digest)) return Optional.of(blob);
        return Optional.empty();
    }

    /** {@inheritDoc} Looks for the blob or the folder's manifest; writes nothing. */
    @Override
    public boolean contains(Digest digest) {
        Objects.requireNonNull(digest, "digest");
        return Files.isRegularFile(layout.manifest(digest)) || Files.isRegularFile(layout.blob(digest));
    }

    private boolean restore(Digest digest) {
        return integrity.restore(digest);
    }

    /** Restores the missing or damaged files of a folder manifest that the backup has. */
    private void restoreEntries(Manifest manifest) throws IOException {
        for (Manifest.Entry e : manifest.entries()) {
            Path blob = layout.blob(e.digest());
            if (!Files.isRegularFile(blob) || Files.size(blob) != e.size()) restore(e.digest());
        }
    }

    private Path ensureTree(Digest digest) throws IOException {
        Path tree = layout.tree(digest);
        if (Files.isDirectory(tree)) {
            return tree;
        }
        Manifest manifest = readManifest(digest);
        restoreEntries(manifest);
        Path temp = layout.newTemp("tree");
        Files.createDirectory(temp);
        try {
            for (Path folder : trees.write(manifest, temp, digest)) {
                if (!folder.equals(temp)) {
                    Permissions.readOnly(folder, true); // a directory rename needs the moved root writable
                }
                StoreLayout.fsyncDirectory(folder);
            }
            Files.move(temp, tree, StandardCopyOption.ATOMIC_MOVE);
            StoreLayout.fsyncDirectory(tree.getParent());
        } catch (FileSystemException e) {
            if (!Files.isDirectory(tree)) {
                throw e;
            } // else another thread or process built the same tree first: use theirs
        } finally {
            FileTrees.delete(temp);
        }
        Permissions.readOnly(tree, true);
        return tree;
    }

    private Manifest readManifest(Digest digest) throws IOException {
        byte[] bytes = Files.readAllBytes(layout.manifest(digest));
        if (!Hasher.hash(bytes).equals(digest)) {
            Verification moved = integrity.quarantineManifest(digest, true); // never read again; the error says so
            throw new StoreException("the manifest of folder artifact " + digest + " was changed after it was stored;"
                    + moved.quarantined().map(q -> " it was moved to " + q + ";").orElse("")
                    + " run the pipeline again and the step that made it runs again ('sluice fsck' checks the whole store)");
        }
        return Manifest.parse(bytes, digest);
    }

    /**
     * {@inheritDoc} A damaged or missing file is written back from the {@link #restoreFrom backup} when it has the
     * bytes; a damaged one it cannot write back is moved to {@code store/quarantine/} together with the folder trees
     * that link it, so that it is never served again and the next cache lookup misses.
     */
    @Override
    public Verification verify(ContentStamp stamp) {
        Objects.requireNonNull(stamp, "stamp");
        try {
            return integrity.verify(stamp);
        } catch (IOException e) {
            throw new StoreException("cannot read artifact " + stamp.digest() + " under '" + layout.root()
                    + "' to verify it: " + e + "; check the permissions of the store", e);
        }
    }

    @Override
    public ContentStamp stamp(Digest digest) {
        Objects.requireNonNull(digest, "digest");
        try {
            return integrity.stamp(digest);
        } catch (IOException | StoreException e) {
            LOG.debug("no stamp of {}: {}", digest, e.toString());
            return ContentStamp.unknown(digest);
        }
    }

    @Override
    public void materialize(Digest digest, Path target) {
        Objects.requireNonNull(digest, "digest");
        Path dest = target.toAbsolutePath().normalize();
        if (Files.exists(dest, LinkOption.NOFOLLOW_LINKS)) {
            throw new StoreException("cannot put artifact " + digest + " at '" + dest
                    + "': it already exists; materialize into a fresh folder");
        }
        Path temp = dest.resolveSibling("." + dest.getFileName() + ".sluice-" + UUID.randomUUID());
        try {
            Files.createDirectories(dest.getParent());
            if (Files.isRegularFile(layout.manifest(digest))) {
                Manifest manifest = readManifest(digest);
                restoreEntries(manifest);
                Files.createDirectory(temp);
                trees.write(manifest, temp, digest);
            } else if (Files.isRegularFile(layout.blob(digest)) || restore(digest)) {
                TreeWriter.place(layout.blob(digest), temp, false);
            } else {
                throw new StoreException("artifact " + digest + " is not in the store at '" + layout.root()
                        + "'; re-run the step that produces it (for example with --no-cache)");
            }
            Files.move(temp, dest, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new StoreException("could not put artifact " + digest + " at '" + dest + "': " + e
                    + "; check free disk space and permissions", e);
        } finally {
            deleteQuietly(temp);
        }
    }

    @Override
    public Stream<Digest> list() {
        Set<Digest> digests = new LinkedHashSet<>();
        try {
            collect(layout.blobs(), digests);
            collect(layout.manifests(), digests);
        } catch (IOException e) {
            throw new StoreException("could not list the artifact store at '" + layout.root() + "': " + e, e);
        }
        return digests.stream();
    }

    private static void collect(Path shards, Set<Digest> into) throws IOException {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(shards, Files::isDirectory)) {
            for (Path shard : dirs) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(shard)) {
                    for (Path f : files) {
                        String name = f.getFileName().toString();
                        if (Digest.isHex(name)) {
                            into.add(new Digest(name));
                        }
                    }
                }
            }
        }
    }

    @Override
    public long delete(Digest digest) {
        Objects.requireNonNull(digest, "digest");
        try {
            long freed = deleteFile(layout.manifest(digest));
            trees.remove(digest);
            return freed + deleteFile(layout.blob(digest));
        } catch (IOException e) {
            throw new StoreException("could not delete artifact " + digest + ": " + e + "; check permissions", e);
        }
    }

    private static long deleteFile(Path p) throws IOException {
        try {
            long size = Files.size(p);
            Files.delete(p);
            return size;
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    /**
     * Deletes temporary files older than {@code olderThan} (left by crashed writers); returns how
     * many. Younger ones may belong to a writer in another process, so they are kept.
     */
    public int cleanTemporaryFiles(Duration olderThan) {
        try {
            return layout.cleanTemporaryFiles(olderThan);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            FileTrees.delete(p);
        } catch (IOException e) {
            LOG.debug("could not remove temporary '{}': {}", p, e.toString());
        }
    }
}
