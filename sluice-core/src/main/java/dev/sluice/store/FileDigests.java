package dev.sluice.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A memo of the SHA-256 digests of files (pipeline inputs, and big stored blobs on cache hits), so unchanged files
 * are not re-hashed on every run. A file is taken as unchanged when its path, size, modification
 * time, inode and change time ({@code ctime}) are the ones recorded, as git's index does: content rewritten in place
 * with the same size and the modification time set back is noticed, since setting a time sets the change time,
 * which no program can set back (a new hard link or a {@code chmod} sets it too, costing one more hash). What the
 * memo cannot see is a change below the file system (a failing disk): {@code sluice fsck} reads everything. Like
 * git's "racily clean" rule, a memo is trusted only for files last modified at least two seconds
 * before they were hashed, so a write within the same timestamp tick as the hash is never missed.
 *
 * <p>Kept in {@code <home>/cache/file-digests.json}: loaded when opened, written atomically (temp
 * file and rename) by {@link #flush()} and {@link #close()}. A missing or damaged memo only costs
 * re-hashing. When two processes flush, the last one wins; at most 100,000 files are remembered.
 *
 * <p>Thread-safe.
 *
 * <pre>{@code
 * try (FileDigests digests = FileDigests.open(home)) {
 *     Digest d = digests.digest(Path.of("data/churn.csv"));
 * }
 * }</pre>
 */
public final class FileDigests implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FileDigests.class);
    private static final String FORMAT = "sluice-file-digests/1";
    private static final long RACY_MILLIS = 2_000;
    static final int MAX_ENTRIES = 100_000;
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** What identified the file when it was hashed ({@code ctimeNanos} 0 in memos written before it was kept). */
    record Entry(long size, long mtimeNanos, String inode, long ctimeNanos, String digest, long hashedAtMillis) { }

    /** The file's JSON shape. */
    record Memo(String format, Map<String, Entry> entries) { }

    private final Path file;
    private final Hasher hasher;
    private final Map<String, Entry> memo;
    private final AtomicBoolean dirty = new AtomicBoolean();

    private FileDigests(Path home, Hasher.ReadListener listener) {
        this.file = home.toAbsolutePath().normalize().resolve("cache").resolve("file-digests.json");
        this.hasher = new Hasher(listener);
        this.memo = new ConcurrentHashMap<>(load(file));
    }

    /** Opens the memo under {@code home/cache/}; starts empty when there is none or it is damaged. */
    public static FileDigests open(Path home) {
        return open(home, Hasher.ReadListener.NONE);
    }

    static FileDigests open(Path home, Hasher.ReadListener listener) {
        return new FileDigests(Objects.requireNonNull(home, "home"), listener);
    }

    /**
     * The SHA-256 of a regular file's content, from the memo when the file is unchanged.
     *
     * @throws StoreException if the file does not exist or cannot be read
     */
    public Digest digest(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        String key = abs.toString();
        try {
            Entry known = memo.get(key);
            Entry now = identify(abs, null, 0);
            if (known != null && sameFile(known, now) && !racy(known)) {
                return new Digest(known.digest());
            }
            long startedMillis = System.currentTimeMillis();
            Digest digest = hasher.hash(abs).digest();
            Entry after = identify(abs, digest, startedMillis);
            if (sameFile(now, after)) { // not changed while it was read
                memo.put(key, after);
                dirty.set(true);
            }
            return digest;
        } catch (NoSuchFileException e) {
            throw new StoreException("file '" + abs + "' does not exist; check the path in the pipeline file", e);
        } catch (IOException e) {
            throw new StoreException("cannot read file '" + abs + "' to hash it: " + e + "; check its permissions", e);
        }
    }

    /** Writes the memo if it changed since the last flush. */
    public void flush() {
        if (!dirty.getAndSet(false)) {
            return;
        }
        try {
            save();
        } catch (IOException e) {
            dirty.set(true);
            LOG.warn("could not save the file digest memo '{}' ({}); inputs will be hashed again next run", file, e.toString());
        }
    }

    /** Flushes. */
    @Override
    public void close() {
        flush();
    }

    private synchronized void save() throws IOException {
        Files.createDirectories(file.getParent());
        Map<String, Entry> snapshot = Map.copyOf(memo);
        if (snapshot.size() > MAX_ENTRIES) {
            snapshot = newest(snapshot);
        }
        Path temp = file.resolveSibling(file.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(JSON.writeValueAsBytes(new Memo(FORMAT, snapshot)));
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static Map<String, Entry> newest(Map<String, Entry> all) {
        Map<String, Entry> kept = new HashMap<>();
        all.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, Entry> e) -> e.getValue().hashedAtMillis()).reversed())
                .limit(MAX_ENTRIES)
                .forEach(e -> kept.put(e.getKey(), e.getValue()));
        return kept;
    }

    private static Map<String, Entry> load(Path file) {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try {
            Memo m = JSON.readValue(file.toFile(), Memo.class);
            if (m == null || !FORMAT.equals(m.format()) || m.entries() == null) {
                return Map.of();
            }
            return m.entries();
        } catch (IOException | RuntimeException e) {
            LOG.warn("ignoring damaged file digest memo '{}' ({}); inputs will be hashed again", file, e.toString());
            return Map.of();
        }
    }

    /** Modified so close to when it was hashed that a later write could keep the same timestamp. */
    private static boolean racy(Entry e) {
        return e.mtimeNanos() / 1_000_000 + RACY_MILLIS > e.hashedAtMillis();
    }

    private static boolean sameFile(Entry a, Entry b) {
        return a.size() == b.size() && a.mtimeNanos() == b.mtimeNanos() && a.inode().equals(b.inode())
                && a.ctimeNanos() == b.ctimeNanos();
    }

    private static Entry identify(Path file, Digest digest, long hashedAtMillis) throws IOException {
        String hex = digest == null ? "" : digest.hex();
        Map<String, Object> unix;
        try {
            unix = Files.readAttributes(file, "unix:isRegularFile,size,lastModifiedTime,ino,ctime");
        } catch (UnsupportedOperationException | IllegalArgumentException e) { // no POSIX attributes: no change time
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
            checkRegular(file, attrs.isRegularFile());
            return new Entry(attrs.size(), nanos(attrs.lastModifiedTime()), String.valueOf(attrs.fileKey()), 0, hex,
                    hashedAtMillis);
        }
        checkRegular(file, Boolean.TRUE.equals(unix.get("isRegularFile")));
        return new Entry((Long) unix.get("size"), nanos((FileTime) unix.get("lastModifiedTime")),
                String.valueOf(unix.get("ino")), nanos((FileTime) unix.get("ctime")), hex, hashedAtMillis);
    }

    private static void checkRegular(Path file, boolean regular) {
        if (!regular) throw new StoreException("'" + file + "' is not a regular file; only files can be hashed");
    }

    private static long nanos(FileTime t) {
        Instant i = t.toInstant();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
