package dev.sluice.s3;

import dev.sluice.api.PortKind;
import dev.sluice.store.ArtifactStore;
import dev.sluice.store.ContentStamp;
import dev.sluice.store.Digest;
import dev.sluice.store.LocalArtifactStore;
import dev.sluice.store.StoreException;
import dev.sluice.store.StoreInventory;
import dev.sluice.store.StoredArtifact;
import dev.sluice.store.Verification;
import dev.sluice.store.Verification.State;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The content-addressed {@link ArtifactStore} in an S3-compatible bucket ({@code SLUICE_STORE=s3://bucket/prefix}),
 * with a local cache for the readers that need a path. Objects: {@code <prefix>blobs/ab/<hex>} (a file's bytes),
 * {@code <prefix>manifests/ab/<hex>} (a folder's manifest, whose bytes its digest hashes), and
 * {@code <prefix>quarantine/...} (damaged content moved out by {@link #verify}). Tables are Parquet files, so they are
 * Parquet objects under their digest that any S3 reader (Spark) can read.
 *
 * <p><b>Writes</b>: {@link #put} stores the content in the local cache first (hashing it, refusing links that leave
 * the folder, exactly as {@link LocalArtifactStore}), then uploads each blob under its digest, a folder's manifest
 * last: a visible manifest means its files are stored. Every upload is conditional ({@code If-None-Match: *}) after a
 * HEAD, so an object is written once and two writers never clobber each other; files above the part size (8 MiB) go
 * by multipart upload streamed from the file (memory bounded by the HTTP client's buffers, not the file). A single PUT
 * is atomic on S3, and a multipart upload is visible only once completed: an upload that fails is aborted, one whose
 * process died stays invisible and {@link #abortAbandonedUploads} removes its parts.
 *
 * <p><b>Reads</b>: {@link #path} and {@link #materialize} stream the objects into the local cache
 * ({@code <home>/s3-cache/<bucket>/<prefix>/store}) and check them against their digest there before anything is
 * served; what the cache holds is read from it. DuckDB reads tables through these local copies (its {@code httpfs}
 * extension would be a download at run time). The cache can be deleted at any time.
 *
 * <p>Thread-safe, and several processes or machines may share one bucket prefix.
 */
public final class S3ArtifactStore implements ArtifactStore, StoreInventory, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(S3ArtifactStore.class);

    private final S3Client client;
    private final boolean ownsClient;
    private final S3Location location;
    private final S3Objects objects;
    private final Path cacheHome;
    /** The cache for questions (creates no folder); {@link #cache()} opens it for writing on first need. */
    private final LocalArtifactStore cached;
    private volatile LocalArtifactStore cache;
    private final Path staging;
    private final String describe;

    /**
     * A store at {@code location} through {@code client}, caching what it reads under {@code cacheHome}.
     *
     * @param ownsClient whether {@link #close} closes the client
     * @param partSize   the multipart part size in bytes (at least 5 MiB, S3's minimum); files up to it go in one PUT
     * @param describe   how the client reaches the bucket, for error messages (no secrets)
     */
    public S3ArtifactStore(S3Client client, boolean ownsClient, S3Location location, Path cacheHome, long partSize,
                           String describe) {
        this.client = Objects.requireNonNull(client, "client");
        this.ownsClient = ownsClient;
        this.location = Objects.requireNonNull(location, "location");
        this.objects = new S3Objects(client, location.bucket(), partSize);
        this.cacheHome = cacheHome.toAbsolutePath().normalize();
        this.cached = LocalArtifactStore.forReading(this.cacheHome);
        this.staging = cached.root().resolveSibling("incoming"); // beside the cache: moved in by rename
        this.describe = Objects.requireNonNull(describe, "describe");
    }

    /** The store {@code SLUICE_STORE} names, with the client the environment describes and its cache under {@code home}. */
    public static S3ArtifactStore open(S3Location location, Path home, java.util.Map<String, String> env) {
        S3Settings settings = S3Settings.fromEnvironment(env);
        Path cacheHome = home.toAbsolutePath().normalize().resolve("s3-cache").resolve(location.bucket());
        for (String segment : location.prefix().split("/")) {
            if (!segment.isEmpty()) cacheHome = cacheHome.resolve(segment);
        }
        return new S3ArtifactStore(settings.client(env), true, location, cacheHome, S3Objects.DEFAULT_PART_SIZE,
                settings.toString());
    }

    /** Where the store lives. */
    public S3Location location() {
        return location;
    }

    /** The local cache of what this store wrote or read (a {@link LocalArtifactStore}). */
    public Path cacheRoot() {
        return cached.root();
    }

    @Override
    public StoredArtifact put(Path source, PortKind kind, boolean move) {
        StoredArtifact stored = cache().put(source, kind, false); // checks and hashes; the source stays until uploaded
        try {
            upload(stored.digest(), stored.folder(), false);
        } catch (SdkException | IOException | UncheckedIOException e) {
            throw failure("could not upload '" + source + "'", e, "; the output stays where the step wrote it: resume"
                    + " the run once the bucket is reachable");
        }
        if (move) LocalFiles.deleteSource(source);
        return stored;
    }

    private void upload(Digest digest, boolean folder, boolean replace) throws IOException {
        if (!folder) {
            objects.putIfAbsent(location.blobKey(digest), cacheBlob(digest), replace);
            return;
        }
        byte[] manifest = Files.readAllBytes(cacheManifest(digest));
        for (FolderManifest.Entry e : FolderManifest.parse(manifest, digest).entries()) {
            objects.putIfAbsent(location.blobKey(e.digest()), cacheBlob(e.digest()), replace);
        }
        objects.putIfAbsent(location.manifestKey(digest), manifest, replace); // last: its files are there
    }

    @Override
    public Optional<Path> path(Digest digest) {
        Objects.requireNonNull(digest, "digest");
        if (cached.contains(digest)) return cache().path(digest);
        return switch (fetch(digest)) {
            case INTACT -> cache().path(digest);
            case MISSING -> Optional.empty();
            default -> throw damaged(digest);
        };
    }

    /** {@inheritDoc} Asks the cache, then the bucket (a HEAD per object); downloads nothing. */
    @Override
    public boolean contains(Digest digest) {
        Objects.requireNonNull(digest, "digest");
        if (cached.contains(digest)) return true;
        try {
            return objects.size(location.manifestKey(digest)).isPresent() || objects.size(location.blobKey(digest)).isPresent();
        } catch (SdkException e) {
            throw failure("could not look for artifact " + digest, e, "");
        }
    }

    /**
     * {@inheritDoc} A stamp taken of the cached copy is checked against that copy (a few system calls); a copy that
     * was written to is dropped from the cache and read again from the bucket ({@link State#RESTORED}). A stamp that
     * vouches for nothing ({@link ContentStamp#unknown}, {@code sluice fsck}) reads the objects in the bucket: a
     * missing or damaged object is written back from an intact cached copy ({@link State#RESTORED}), else damaged
     * objects are moved to {@code <prefix>quarantine/} (with the manifest of a folder that lists one) and the result
     * is {@link State#QUARANTINED}, so the next cache lookup misses and the step runs again.
     */
    @Override
    public Verification verify(ContentStamp stamp) {
        Digest digest = Objects.requireNonNull(stamp, "stamp").digest();
        try {
            if (!stamp.vouchesForNothing() && cached.contains(digest)) {
                Verification local = cache().verify(stamp);
                if (local.state() == State.INTACT) return local;
                return of(digest, fetch(digest) == State.INTACT ? State.RESTORED : State.MISSING);
            }
            State remote = checkRemote(digest);
            boolean cachedIntact = cached.contains(digest) && cache().verify(ContentStamp.unknown(digest)).usable();
            if (remote == State.INTACT) {
                if (cachedIntact || !cached.contains(digest)) return of(digest, State.INTACT);
                return of(digest, fetch(digest) == State.INTACT ? State.RESTORED : State.MISSING);
            }
            if (cachedIntact) {
                upload(digest, cache().path(digest).map(Files::isDirectory).orElse(false), true);
                return of(digest, State.RESTORED);
            }
            if (remote == State.QUARANTINED) quarantine(digest);
            return of(digest, remote);
        } catch (SdkException | IOException e) {
            throw failure("could not verify artifact " + digest, e, "");
        }
    }

    private static Verification of(Digest digest, State state) {
        return new Verification(digest, state, Optional.empty());
    }

    /** INTACT, MISSING, or QUARANTINED for bytes that do not hash to their digest (not moved yet). */
    private State checkRemote(Digest digest) throws IOException {
        byte[] manifest = readSmall(location.manifestKey(digest));
        if (manifest == null) return checkBlob(digest);
        if (!Sha256.of(manifest).equals(digest)) return State.QUARANTINED;
        State worst = State.INTACT;
        for (FolderManifest.Entry e : FolderManifest.parse(manifest, digest).entries()) {
            State s = checkBlob(e.digest());
            if (s.compareTo(worst) > 0) worst = s;
        }
        return worst;
    }

    private State checkBlob(Digest digest) throws IOException {
        try (InputStream in = objects.open(location.blobKey(digest))) {
            if (in == null) return State.MISSING;
            return Sha256.of(in).equals(digest) ? State.INTACT : State.QUARANTINED;
        }
    }

    /** Moves the damaged objects of the digest (a blob, or a folder's manifest and its damaged files) to quarantine. */
    private void quarantine(Digest digest) throws IOException {
        String manifestKey = location.manifestKey(digest);
        byte[] manifest = readSmall(manifestKey);
        if (manifest != null) {
            if (Sha256.of(manifest).equals(digest)) {
                for (FolderManifest.Entry e : FolderManifest.parse(manifest, digest).entries()) {
                    if (checkBlob(e.digest()) == State.QUARANTINED) moveToQuarantine(location.blobKey(e.digest()));
                }
            }
            moveToQuarantine(manifestKey);
        } else if (checkBlob(digest) == State.QUARANTINED) {
            moveToQuarantine(location.blobKey(digest));
        }
        if (cached.contains(digest)) cache().delete(digest);
    }

    private void moveToQuarantine(String key) {
        String to = location.quarantineKey(key) + "." + Instant.now().toEpochMilli();
        objects.move(key, to);
        LOG.warn("moved damaged object s3://{}/{} to {}", location.bucket(), key, to);
    }

    @Override
    public ContentStamp stamp(Digest digest) {
        return cached.contains(digest) ? cache().stamp(digest) : ContentStamp.unknown(digest);
    }

    @Override
    public void materialize(Digest digest, Path target) {
        Objects.requireNonNull(digest, "digest");
        if (!cached.contains(digest)) {
            State s = fetch(digest);
            if (s == State.MISSING) {
                throw new StoreException("artifact " + digest + " is not in the store at '" + location
                        + "'; re-run the step that produces it (for example with --no-cache)");
            }
            if (s != State.INTACT) throw damaged(digest);
        }
        cache().materialize(digest, target);
    }

    /**
     * Reads the digest from the bucket into the cache, checking it against its digest: INTACT when it is cached now,
     * MISSING when the bucket does not have it (or a file of its folder), QUARANTINED when what it has is damaged.
     */
    private State fetch(Digest digest) {
        try {
            byte[] manifest = readSmall(location.manifestKey(digest));
            if (manifest == null) return fetchBlob(digest);
            if (!Sha256.of(manifest).equals(digest)) return State.QUARANTINED;
            FolderManifest folder = FolderManifest.parse(manifest, digest);
            for (FolderManifest.Entry e : folder.entries()) {
                if (cached.contains(e.digest())) continue;
                State s = fetchBlob(e.digest());
                if (s != State.INTACT) return s;
            }
            return rebuild(digest, folder);
        } catch (SdkException | IOException e) {
            throw failure("could not read artifact " + digest, e, "");
        }
    }

    private State fetchBlob(Digest digest) throws IOException {
        if (objects.size(location.blobKey(digest)).isEmpty()) return State.MISSING; // and nothing written locally
        Path temp = newTemp("get");
        try {
            if (!objects.download(location.blobKey(digest), temp)) return State.MISSING;
            StoredArtifact got = cache().put(temp, PortKind.FILE, true);
            if (got.digest().equals(digest)) return State.INTACT;
            LOG.warn("object {} of {} holds other bytes ({})", location.blobKey(digest), location, got.digest());
            return State.QUARANTINED;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Lays the folder out from its cached files and stores it in the cache, which checks its digest. */
    private State rebuild(Digest digest, FolderManifest folder) throws IOException {
        Path temp = newTemp("tree");
        Files.createDirectory(temp);
        try {
            for (FolderManifest.Entry e : folder.entries()) {
                Path file = FolderManifest.inside(temp, e, digest);
                Files.createDirectories(file.getParent());
                Files.copy(cacheBlob(e.digest()), file);
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(e.executable() ? "rwxr-xr-x" : "rw-r--r--"));
            }
            return cache().put(temp, PortKind.FOLDER, true).digest().equals(digest) ? State.INTACT : State.QUARANTINED;
        } finally {
            LocalFiles.deleteTree(temp);
        }
    }

    private byte[] readSmall(String key) throws IOException {
        try (InputStream in = objects.open(key)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    /** Every digest in the bucket under the prefix: file blobs and folder manifests. */
    @Override
    public Stream<Digest> list() {
        Set<Digest> digests = new LinkedHashSet<>();
        try {
            for (String folder : new String[] {"blobs/", "manifests/"}) {
                objects.list(location.prefix() + folder, o -> {
                    String name = o.key().substring(o.key().lastIndexOf('/') + 1);
                    if (name.length() == 64 && name.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) digests.add(new Digest(name));
                });
            }
        } catch (SdkException e) {
            throw failure("could not list the artifacts", e, "");
        }
        return digests.stream();
    }

    /** {@inheritDoc} Deletes the objects in the bucket and the cached copy; returns the bytes freed in the bucket. */
    @Override
    public long delete(Digest digest) {
        Objects.requireNonNull(digest, "digest");
        try {
            long freed = objects.delete(location.manifestKey(digest)) + objects.delete(location.blobKey(digest));
            long local = cached.contains(digest) ? cache().delete(digest) : 0;
            return freed > 0 ? freed : local;
        } catch (SdkException e) {
            throw failure("could not delete artifact " + digest, e, "");
        }
    }

    /** {@inheritDoc} From HEAD requests: a folder's manifest, else a file's blob. */
    @Override
    public Optional<Entry> entry(Digest digest) {
        try {
            OptionalLong manifest = objects.size(location.manifestKey(digest));
            if (manifest.isPresent()) return Optional.of(new Entry(manifest.getAsLong(), true));
            OptionalLong blob = objects.size(location.blobKey(digest));
            return blob.isPresent() ? Optional.of(new Entry(blob.getAsLong(), false)) : Optional.empty();
        } catch (SdkException e) {
            throw failure("could not look for artifact " + digest, e, "");
        }
    }

    @Override
    public Set<Digest> folderFiles(Digest digest) {
        try {
            byte[] manifest = readSmall(location.manifestKey(digest));
            if (manifest == null) return Set.of();
            Set<Digest> files = new HashSet<>();
            for (FolderManifest.Entry e : FolderManifest.parse(manifest, digest).entries()) files.add(e.digest());
            return files;
        } catch (SdkException | IOException e) {
            throw failure("could not read the manifest of " + digest, e, "");
        }
    }

    /** {@inheritDoc} Aborts the multipart uploads of writers that died, started more than a day ago. */
    @Override
    public int removeAbandonedWrites() {
        return abortAbandonedUploads(Duration.ofDays(1));
    }

    /**
     * Aborts multipart uploads under the prefix started more than {@code olderThan} ago (left by dead writers) whose
     * key holds no object; returns how many.
     */
    public int abortAbandonedUploads(Duration olderThan) {
        try {
            return objects.abortUploadsStartedBefore(location.prefix(), Instant.now().minus(olderThan));
        } catch (SdkException e) {
            throw failure("could not list unfinished uploads", e, "");
        }
    }

    @Override
    public void close() {
        if (ownsClient) client.close();
    }

    @Override
    public String toString() {
        return location.toString();
    }

    // ---- helpers

    /** The cache, its folders made on first use (so that asking a store what it holds writes nothing). */
    private LocalArtifactStore cache() {
        LocalArtifactStore c = cache;
        if (c != null) return c;
        synchronized (this) {
            if (cache == null) cache = new LocalArtifactStore(cacheHome);
            return cache;
        }
    }

    private Path cacheBlob(Digest d) {
        return cached.root().resolve("blobs").resolve(d.hex().substring(0, 2)).resolve(d.hex());
    }

    private Path cacheManifest(Digest d) {
        return cached.root().resolve("manifests").resolve(d.hex().substring(0, 2)).resolve(d.hex());
    }

    private Path newTemp(String what) throws IOException {
        Files.createDirectories(staging);
        return staging.resolve("s3-" + what + "-" + UUID.randomUUID());
    }

    private StoreException damaged(Digest digest) {
        return new StoreException("artifact " + digest + " in " + location + " does not hash to its digest (changed"
                + " after it was stored); run 'sluice fsck' to move it aside, and run the pipeline again so that the"
                + " step that made it runs again");
    }

    private StoreException failure(String what, Exception e, String tail) {
        return new StoreException(what + " to/from " + location + " (" + describe + "): " + e.getMessage()
                + tail + "; check AWS_ENDPOINT_URL, the bucket and the credentials", e);
    }
}
