package dev.sluice.bench;

import dev.sluice.api.PortKind;
import dev.sluice.store.FileTrees;
import dev.sluice.store.LocalArtifactStore;
import dev.sluice.store.StoredArtifact;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Artifact hashing throughput on the same bytes: {@code LocalArtifactStore.put} of a file (read, SHA-256, copy into
 * the store, fsync; the content is already stored after the first call, as for an unchanged output) against a raw
 * {@code MessageDigest} SHA-256 over the bytes in memory. MB/s = size / score.
 */
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class HashingBenchmark extends JmhDefaults {
    @Param({"16777216"})
    public int bytes;

    private Path home;
    private Path file;
    private byte[] content;
    private LocalArtifactStore store;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        home = Files.createTempDirectory("sluice-hash");
        content = new byte[bytes];
        new Random(7).nextBytes(content);
        file = Files.write(home.resolve("input.bin"), content);
        store = new LocalArtifactStore(home.resolve("store-home"));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        FileTrees.delete(home);
    }

    @Benchmark
    public StoredArtifact storePut() {
        return store.put(file, PortKind.FILE, false);
    }

    @Benchmark
    public byte[] messageDigestSha256() throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256").digest(content);
    }
}
