package dev.sluice.store;

import dev.sluice.api.PortKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stored content damaged on disk behind the store's back (a bad disk, a step writing through a hard link, a person
 * with root): the same size and the modification time put back, so that only the bytes tell. The store never
 * keeps serving it once it has a reason to look, and heals it when the same content is stored again.
 */
class StoreDamageTest {
    private static final int BIG = 256 * 1024;

    @TempDir
    Path tmp;

    private final AtomicLong bytesRead = new AtomicLong();
    private LocalArtifactStore store;
    private final Map<Digest, byte[]> kept = new ConcurrentHashMap<>();

    @BeforeEach
    void open() {
        store = new LocalArtifactStore(tmp.resolve("home"), (file, soFar) -> bytesRead.incrementAndGet());
        store.restoreFrom(d -> Optional.ofNullable(kept.get(d)));
    }

    /** 256 KiB of text that is not all the same, like a table. */
    private static String bigText(String seed) {
        StringBuilder b = new StringBuilder(BIG);
        for (int i = 0; b.length() < BIG; i++) b.append(seed).append(',').append(i).append('\n');
        return b.substring(0, BIG);
    }

    private Path write(String name, String content) throws IOException {
        Path p = tmp.resolve("work").resolve(name);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, content);
    }

    /** Overwrites 4 KiB in the middle of the blob and puts its modification time (and mode) back, as the probe did. */
    static void damageMiddle(Path blob) throws IOException {
        FileTime mtime = Files.getLastModifiedTime(blob);
        var mode = Files.getPosixFilePermissions(blob);
        Files.setPosixFilePermissions(blob, PosixFilePermissions.fromString("rw-r--r--"));
        try (RandomAccessFile f = new RandomAccessFile(blob.toFile(), "rw")) {
            long at = f.length() / 2;
            f.seek(at);
            f.write("X".repeat((int) Math.min(4096, f.length() - at)).getBytes(StandardCharsets.US_ASCII));
        }
        Files.setPosixFilePermissions(blob, mode);
        Files.setLastModifiedTime(blob, mtime);
    }

    private boolean hashesToItsDigest(Digest d) throws IOException {
        return new Hasher(Hasher.ReadListener.NONE).hash(store.root().resolve("blobs").resolve(d.hex().substring(0, 2))
                .resolve(d.hex())).digest().equals(d);
    }

    private List<Path> quarantined() throws IOException {
        Path q = store.root().resolve("quarantine");
        if (!Files.isDirectory(q)) return List.of();
        try (Stream<Path> s = Files.list(q)) {
            return s.toList();
        }
    }

    @Test
    void storingTheSameContentAgainReplacesADamagedBlob() throws IOException {
        String text = bigText("a");
        Digest d = store.put(write("first.csv", text), PortKind.TABLE, true).digest();
        Path blob = store.path(d).orElseThrow();
        damageMiddle(blob);

        assertThat(store.put(write("again.csv", text), PortKind.TABLE, true).digest()).isEqualTo(d);

        assertThat(Files.readString(blob)).isEqualTo(text);
        assertThat(hashesToItsDigest(d)).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(blob))).isEqualTo("r--r--r--");
        try (Stream<Path> left = Files.list(store.root().resolve("tmp"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void storingTheSameFolderAgainRepairsItsTreeToo() throws IOException {
        String text = bigText("b");
        Path folder = write("model/weights.csv", text).getParent();
        write("model/model.json", "{}");
        Digest d = store.put(folder, PortKind.MODEL, false).digest();
        Path tree = store.path(d).orElseThrow(); // a tree of hard links to the blobs
        damageMiddle(tree.resolve("weights.csv"));

        store.put(folder, PortKind.MODEL, false);

        assertThat(Files.readString(store.path(d).orElseThrow().resolve("weights.csv"))).isEqualTo(text);
        assertThat(store.verify(d)).isTrue();
    }

    @Test
    void verifyMovesADamagedBlobItCannotWriteBackToQuarantine() throws IOException {
        Digest d = store.put(write("big.csv", bigText("c")), PortKind.TABLE, true).digest();
        Path blob = store.path(d).orElseThrow();
        damageMiddle(blob);

        assertThat(store.verify(d)).isFalse();

        assertThat(blob).doesNotExist();
        assertThat(store.path(d)).isEmpty();
        assertThat(store.list()).doesNotContain(d);
        assertThat(quarantined()).singleElement().satisfies(q -> {
            assertThat(q.getFileName().toString()).startsWith(d.hex() + "-");
            assertThat(Files.readString(q)).contains("XXXX");
        });
    }

    @Test
    void verifyWritesADamagedSmallBlobBackFromTheBackupInsteadOfQuarantiningIt() throws IOException {
        Digest d = store.put(write("small.txt", "hello"), PortKind.FILE, true).digest();
        kept.put(d, "hello".getBytes(StandardCharsets.UTF_8));
        Path blob = store.path(d).orElseThrow();
        damageMiddle(blob);

        assertThat(store.verify(d)).isTrue();

        assertThat(Files.readString(blob)).isEqualTo("hello");
        assertThat(quarantined()).isEmpty();
    }

    @Test
    void aFolderWithADamagedFileLosesItsTreeAndIsNotServed() throws IOException {
        Path folder = write("model/weights.csv", bigText("d")).getParent();
        Digest d = store.put(folder, PortKind.MODEL, false).digest();
        Path tree = store.path(d).orElseThrow();
        damageMiddle(tree.resolve("weights.csv"));

        assertThat(store.verify(d)).isFalse();

        assertThat(tree).doesNotExist();
        assertThat(quarantined()).hasSize(1);
    }

    @Test
    void aStampVouchesForUntouchedContentWithoutReadingIt() throws IOException {
        Digest file = store.put(write("big.csv", bigText("e")), PortKind.TABLE, true).digest();
        Digest folder = store.put(write("m/w.csv", bigText("f")).getParent(), PortKind.MODEL, true).digest();
        store.path(folder); // builds the tree: links change a blob's change time, so stamp after materializing
        ContentStamp fileStamp = store.stamp(file);
        ContentStamp folderStamp = store.stamp(folder);
        bytesRead.set(0);

        assertThat(store.verify(fileStamp).state()).isEqualTo(Verification.State.INTACT);
        assertThat(store.verify(folderStamp).state()).isEqualTo(Verification.State.INTACT);
        assertThat(bytesRead).hasValue(0);
    }

    @Test
    void aStampSeesAnAppendToTheBlobAndTheStoreStopsServingIt() throws IOException {
        Digest d = store.put(write("big.csv", bigText("g")), PortKind.TABLE, true).digest();
        Path blob = store.path(d).orElseThrow();
        ContentStamp stamp = store.stamp(d);
        Files.setPosixFilePermissions(blob, PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(blob, "one more line\n", StandardOpenOption.APPEND); // a step appending to its input

        Verification v = store.verify(stamp);

        assertThat(v.state()).isEqualTo(Verification.State.QUARANTINED);
        assertThat(store.path(d)).isEmpty();
        assertThat(quarantined()).containsExactly(v.quarantined().orElseThrow());
    }

    @Test
    void aStampedSmallBlobChangedInPlaceIsWrittenBackAndReportedRestored() throws IOException {
        Digest d = store.put(write("small.txt", "hello"), PortKind.FILE, true).digest();
        kept.put(d, "hello".getBytes(StandardCharsets.UTF_8));
        ContentStamp stamp = store.stamp(d);
        damageMiddle(store.path(d).orElseThrow());

        assertThat(store.verify(stamp).state()).isEqualTo(Verification.State.RESTORED);

        assertThat(Files.readString(store.path(d).orElseThrow())).isEqualTo("hello");
    }
}
