package dev.sluice.exec;

import dev.sluice.meta.MetadataStore;
import dev.sluice.meta.MetadataStores;
import dev.sluice.store.ArtifactStore;
import dev.sluice.store.ArtifactStores;
import dev.sluice.store.FileDigests;
import dev.sluice.store.LocalArtifactStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Sluice's durable state in one home folder ({@code .sluice/} or {@code SLUICE_HOME}): the artifact store,
 * the metadata store (SQLite there, or PostgreSQL through {@code SLUICE_DB}) and the digest memo for input
 * files. A {@link LocalExecutor} given a workspace records every run, caches steps and can resume runs.
 * Thread-safe; close it once, at the end.
 *
 * <pre>{@code
 * try (Workspace ws = Workspace.open(Path.of(".sluice"))) {
 *     RunResult r = new LocalExecutor(RunOptions.defaults(ws.home()), ws).run(pipeline, RunListener.NONE);
 * }
 * }</pre>
 */
public final class Workspace implements AutoCloseable {
    private final Path home;
    private final ArtifactStore store;
    private final MetadataStore metadata;
    private final FileDigests digests;
    private final boolean forReading;
    private final KnownCacheKeys knownCacheKeys;

    public Workspace(Path home, ArtifactStore store, MetadataStore metadata, FileDigests digests) {
        this(home, store, metadata, digests, false);
    }

    private Workspace(Path home, ArtifactStore store, MetadataStore metadata, FileDigests digests, boolean forReading) {
        this.home = Objects.requireNonNull(home, "home").toAbsolutePath().normalize();
        this.store = Objects.requireNonNull(store, "store");
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        this.digests = Objects.requireNonNull(digests, "digests");
        this.forReading = forReading;
        this.knownCacheKeys = new KnownCacheKeys(metadata.queries());
    }

    /** The cache keys this process knows of, shared by the runs in this workspace (see {@link KnownCacheKeys}). */
    KnownCacheKeys knownCacheKeys() {
        return knownCacheKeys;
    }

    /**
     * Whether {@code home} holds a workspace: its SQLite database {@code sluice.db}, or a metadata database server
     * named by {@code SLUICE_DB} (a team's PostgreSQL, which holds runs made anywhere).
     */
    public static boolean exists(Path home) {
        String url = System.getenv(MetadataStores.URL_ENV);
        if (url != null && !url.isBlank()) return true;
        return Files.isRegularFile(home.resolve(MetadataStores.SQLITE_FILE));
    }

    /**
     * The workspace in {@code home} for commands that only read it ({@code runs}, {@code show}, {@code plan}...),
     * or empty when there is none: unlike {@link #open} this never creates one. The store is opened without
     * preparing its folders ({@link LocalArtifactStore#forReading}), no blob is written back from the database, and
     * closing it does not write the digest memo, so reading a workspace leaves its files as they were.
     */
    public static Optional<Workspace> openForReading(Path home) {
        if (!exists(home)) return Optional.empty();
        ArtifactStore store = ArtifactStores.fromEnvironment(home, System.getenv())
                .orElseGet(() -> LocalArtifactStore.forReading(home));
        MetadataStore meta = MetadataStores.fromEnvironment(home);
        return Optional.of(new Workspace(home, store, meta, FileDigests.open(home), true));
    }

    /**
     * The local store and the metadata database named by the environment ({@code SLUICE_DB}), under {@code home}.
     * Stored files are made durable together, once per metadata group commit and before it, instead of one
     * fsync per file; small file outputs are not fsynced in the store at all: their bytes go into that commit
     * and the store writes a blob lost in a crash back from the database. With {@code SLUICE_STORE} set
     * ({@code s3://bucket/prefix}) the artifacts go to the store it names instead ({@link ArtifactStores}).
     */
    public static Workspace open(Path home) {
        Optional<ArtifactStore> remote = ArtifactStores.fromEnvironment(home, System.getenv());
        MetadataStore meta = MetadataStores.fromEnvironment(home);
        if (remote.isPresent()) return new Workspace(home, remote.get(), meta, FileDigests.open(home));
        LocalArtifactStore store = new LocalArtifactStore(home, true);
        meta.writer().beforeEachCommit(store.syncer()::syncPending);
        store.restoreFrom(digest -> meta.queries().artifactContent(digest.toString()));
        return new Workspace(home, store, meta, FileDigests.open(home));
    }

    public Path home() { return home; }

    public ArtifactStore store() { return store; }

    public MetadataStore metadata() { return metadata; }

    public FileDigests digests() { return digests; }

    /**
     * Flushes pending records and the digest memo (not for a workspace opened for reading), then closes the metadata
     * store and a store of {@code SLUICE_STORE} that holds a client.
     */
    @Override
    public void close() {
        try {
            if (!forReading) digests.close();
        } finally {
            try {
                metadata.close();
            } finally {
                if (store instanceof AutoCloseable remote) closeQuietly(remote); // a remote store's client
            }
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(Workspace.class).debug("closing the artifact store: {}", e.toString());
        }
    }
}
