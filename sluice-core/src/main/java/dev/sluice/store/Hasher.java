package dev.sluice.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Streams files through SHA-256 with a 1 MiB buffer, hashing while copying when a copy is made
 * anyway. Thread-safe: each call borrows a buffer and a {@link MessageDigest} from a small pool
 * (not a ThreadLocal, so many virtual threads do not each pin a megabyte).
 */
final class Hasher {
    static final int BUFFER_SIZE = 1 << 20;
    private static final int POOL_SIZE = 8;

    /** A digest and the number of bytes it covers. */
    record Hashed(Digest digest, long size) { }

    /** Test seam: called after every chunk read; may throw to simulate a failing source. */
    @FunctionalInterface
    interface ReadListener {
        void afterRead(Path file, long bytesSoFar) throws IOException;

        ReadListener NONE = (file, bytes) -> { };
    }

    private record Scratch(MessageDigest sha, byte[] buffer) { }

    private final BlockingQueue<Scratch> pool = new ArrayBlockingQueue<>(POOL_SIZE);
    private final ReadListener listener;

    private Syncer syncer = Syncer.immediate();

    /** Files written from now on are made durable as {@code s} decides. */
    void syncWith(Syncer s) {
        this.syncer = s;
    }

    Hasher(ReadListener listener) {
        this.listener = listener;
    }

    /** Hashes a file of any filesystem provider. */
    Hashed hash(Path file) throws IOException {
        Scratch s = borrow();
        try (InputStream in = Files.newInputStream(file)) {
            long total = 0;
            for (int n; (n = in.read(s.buffer)) > 0; ) {
                s.sha.update(s.buffer, 0, n);
                total += n;
                listener.afterRead(file, total);
            }
            return new Hashed(Digest.ofBytes(s.sha.digest()), total);
        } finally {
            giveBack(s);
        }
    }

    /** Hashes an in-memory byte array (manifests). */
    static Digest hash(byte[] bytes) {
        return Digest.ofBytes(newSha256().digest(bytes));
    }

    /** Hashes an in-memory byte array with a pooled digest. */
    Digest hashBytes(byte[] bytes) {
        Scratch s = borrow();
        try {
            return Digest.ofBytes(s.sha.digest(bytes));
        } finally {
            giveBack(s);
        }
    }

    /** Copies {@code source} to the new file {@code target}, hashing on the way, and fsyncs it. */
    Hashed copy(Path source, Path target) throws IOException {
        Scratch s = borrow();
        try (InputStream in = Files.newInputStream(source);
             FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long total = 0;
            for (int n; (n = in.read(s.buffer)) > 0; ) {
                s.sha.update(s.buffer, 0, n);
                ByteBuffer chunk = ByteBuffer.wrap(s.buffer, 0, n);
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
                total += n;
                listener.afterRead(source, total);
            }
            syncer.file(out, target);
            return new Hashed(Digest.ofBytes(s.sha.digest()), total);
        } finally {
            giveBack(s);
        }
    }

    /**
     * Hashes a local file and fsyncs it through the same descriptor (for files linked in, not
     * copied); {@code origin} is the path the content was linked from, for the listener.
     */
    Hashed hashAndSync(Path file, Path origin) throws IOException {
        Scratch s = borrow();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long total = 0;
            ByteBuffer buf = ByteBuffer.wrap(s.buffer);
            for (int n; (n = ch.read(buf.clear())) > 0; ) {
                s.sha.update(s.buffer, 0, n);
                total += n;
                listener.afterRead(origin, total);
            }
            syncer.file(ch, file);
            return new Hashed(Digest.ofBytes(s.sha.digest()), total);
        } finally {
            giveBack(s);
        }
    }

    private Scratch borrow() {
        Scratch s = pool.poll();
        return s != null ? s : new Scratch(newSha256(), new byte[BUFFER_SIZE]);
    }

    private void giveBack(Scratch s) {
        s.sha.reset();
        pool.offer(s);
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
