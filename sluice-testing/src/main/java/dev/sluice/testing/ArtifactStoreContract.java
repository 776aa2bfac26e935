package dev.sluice.testing;

import dev.sluice.api.PortKind;
import dev.sluice.store.ArtifactStore;
import dev.sluice.store.Digest;
import dev.sluice.store.StoreException;
import dev.sluice.store.StoredArtifact;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The behaviour every {@link ArtifactStore} must have. A backend's test extends this class and
 * says how to open a store: {@code class LocalArtifactStoreTest extends ArtifactStoreContract} (in
 * {@code sluice-testing}'s own tests); a store of your own (S3, a shared folder) does the same in its tests.
 */
public abstract class ArtifactStoreContract {
    @TempDir
    protected Path tmp;
    protected ArtifactStore store;
    protected Path work;

    /** Opens a store whose state lives under {@code home} (a fresh folder per test). */
    protected abstract ArtifactStore open(Path home);

    @BeforeEach
    void openStore() throws IOException {
        store = open(tmp.resolve("home"));
        work = Files.createDirectories(tmp.resolve("work"));
    }

    @Test
    void storesIdenticalContentOnce() throws IOException {
        StoredArtifact a = store.put(write("a/data.csv", "x,y\n1,2\n"), PortKind.TABLE, false);
        StoredArtifact b = store.put(write("b/other.csv", "x,y\n1,2\n"), PortKind.FILE, false);

        assertThat(b.digest()).isEqualTo(a.digest());
        assertThat(store.list()).containsExactly(a.digest());
    }

    @Test
    void describesAStoredFile() throws IOException {
        StoredArtifact a = store.put(write("data.csv", "x,y\n1,2\n"), PortKind.TABLE, false);

        assertThat(a).isEqualTo(new StoredArtifact(sha256("x,y\n1,2\n"), PortKind.TABLE, "text/csv", 8, false));
        assertThat(a.id()).isEqualTo("sha256:" + a.digest().hex());
    }

    @Test
    void guessesMediaTypesFromTheExtension() throws IOException {
        assertThat(mediaType("m.parquet")).isEqualTo("application/vnd.apache.parquet");
        assertThat(mediaType("m.JSON")).isEqualTo("application/json");
        assertThat(mediaType("notes.txt")).isEqualTo("text/plain");
        assertThat(mediaType("model.bin")).isEqualTo("application/octet-stream");
        assertThat(mediaType("README")).isEqualTo("application/octet-stream");
    }

    @Test
    void roundTripsAFile() throws IOException {
        Path source = write("model.bin", "weights");
        StoredArtifact a = store.put(source, PortKind.MODEL, false);

        assertThat(source).hasContent("weights");
        assertThat(store.path(a.digest())).hasValueSatisfying(p -> assertThat(p).hasContent("weights"));
        Path target = tmp.resolve("next/inputs/model/model.bin");
        store.materialize(a.digest(), target);
        assertThat(target).hasContent("weights");
    }

    @Test
    void storesContentFromMemoryAsItsFileWouldBe() throws IOException {
        StoredArtifact fromFile = store.put(write("report.json", "{\"rows\": 3}"), PortKind.FILE, false);
        byte[] bytes = "{\"rows\": 3}".getBytes(StandardCharsets.UTF_8);

        StoredArtifact fromMemory = store.put(new ArtifactStore.Content(bytes, "report.json", java.util.Optional.empty()),
                PortKind.FILE, true);

        assertThat(fromMemory).isEqualTo(fromFile);
        Path target = tmp.resolve("next/inputs/report.json");
        store.materialize(fromMemory.digest(), target);
        assertThat(target).hasContent("{\"rows\": 3}");
        StoredArtifact other = store.put(new ArtifactStore.Content("new".getBytes(StandardCharsets.UTF_8), "n.txt",
                java.util.Optional.empty()), PortKind.FILE, false);
        assertThat(other).isEqualTo(new StoredArtifact(sha256("new"), PortKind.FILE, "text/plain", 3, false));
        assertThat(store.path(other.digest())).hasValueSatisfying(p -> assertThat(p).hasContent("new"));
    }

    @Test
    void roundTripsAFolderWithItsStructureAndExecutableBits() throws IOException {
        Path folder = sampleFolder("out");
        StoredArtifact a = store.put(folder, PortKind.FOLDER, false);

        assertThat(a.folder()).isTrue();
        assertThat(a.mediaType()).isEqualTo("inode/directory");
        assertThat(a.size()).isEqualTo(3 + 4 + 9);
        Path tree = store.path(a.digest()).orElseThrow();
        assertThat(snapshot(tree)).isEqualTo(snapshot(folder));
        Path target = tmp.resolve("next/inputs/data");
        store.materialize(a.digest(), target);
        assertThat(snapshot(target)).isEqualTo(snapshot(folder));
        assertThat(Files.isExecutable(target.resolve("bin/run.sh"))).isTrue();
    }

    @Test
    void roundTripsAnEmptyFolder() throws IOException {
        StoredArtifact a = store.put(Files.createDirectories(work.resolve("empty")), PortKind.FOLDER, false);

        assertThat(a.size()).isZero();
        assertThat(store.path(a.digest())).hasValueSatisfying(p -> assertThat(p).isEmptyDirectory());
    }

    @Test
    void folderDigestIgnoresCreationOrderAndModificationTimes() throws IOException {
        Path first = work.resolve("first");
        write("first/b.txt", "bee");
        write("first/a/z.txt", "zed");
        Path second = work.resolve("second");
        write("second/a/z.txt", "zed");
        write("second/b.txt", "bee");
        Files.setLastModifiedTime(second.resolve("b.txt"), FileTime.from(Instant.parse("2001-01-01T00:00:00Z")));

        assertThat(store.put(second, PortKind.FOLDER, false).digest())
                .isEqualTo(store.put(first, PortKind.FOLDER, false).digest());
    }

    @Test
    void folderDigestDependsOnNamesAndContent() throws IOException {
        Digest a = store.put(write("one/a.txt", "x").getParent(), PortKind.FOLDER, false).digest();
        Digest renamed = store.put(write("two/b.txt", "x").getParent(), PortKind.FOLDER, false).digest();
        Digest changed = store.put(write("three/a.txt", "y").getParent(), PortKind.FOLDER, false).digest();

        assertThat(List.of(a, renamed, changed)).doesNotHaveDuplicates();
    }

    @Test
    void moveTakesTheFileAndStoresIt() throws IOException {
        Path source = write("outputs/model.bin", "weights");
        StoredArtifact a = store.put(source, PortKind.MODEL, true);

        assertThat(source).doesNotExist();
        assertThat(store.path(a.digest())).hasValueSatisfying(p -> assertThat(p).hasContent("weights"));
        assertThat(store.verify(a.digest())).isTrue();
    }

    @Test
    void moveTakesTheFolderAndStoresIt() throws IOException {
        Path folder = sampleFolder("outputs/model");
        Map<String, String> before = snapshot(folder);
        StoredArtifact a = store.put(folder, PortKind.MODEL, true);

        assertThat(folder).doesNotExist();
        assertThat(snapshot(store.path(a.digest()).orElseThrow())).isEqualTo(before);
        assertThat(store.verify(a.digest())).isTrue();
    }

    @Test
    void storedFilesAreReadOnly() throws IOException {
        StoredArtifact a = store.put(write("model.bin", "weights"), PortKind.MODEL, true);
        Path target = tmp.resolve("inputs/model.bin");
        store.materialize(a.digest(), target);

        assertThat(Files.getPosixFilePermissions(target)).doesNotContain(
                PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
    }

    @Test
    void verifyAcceptsIntactContent() throws IOException {
        assertThat(store.verify(store.put(write("f.txt", "fine"), PortKind.FILE, false).digest())).isTrue();
        assertThat(store.verify(store.put(sampleFolder("dir"), PortKind.FOLDER, false).digest())).isTrue();
    }

    @Test
    void verifyDetectsACorruptedFile() throws IOException {
        Digest d = store.put(write("f.txt", "fine"), PortKind.FILE, false).digest();
        corrupt(d, "");

        assertThat(store.verify(d)).isFalse();
    }

    @Test
    void verifyDetectsACorruptedFileInAFolder() throws IOException {
        Digest d = store.put(sampleFolder("dir"), PortKind.FOLDER, false).digest();
        corrupt(d, "a/data.csv");

        assertThat(store.verify(d)).isFalse();
    }

    @Test
    void verifyDetectsMissingContent() throws IOException {
        Digest d = store.put(write("f.txt", "fine"), PortKind.FILE, false).digest();
        lose(d);

        assertThat(store.verify(d)).isFalse();
        assertThat(store.verify(sha256("never stored"))).isFalse();
        assertThat(store.path(sha256("never stored"))).isEmpty();
    }

    @Test
    void rejectsASymbolicLinkThatPointsOutsideTheFolder() throws IOException {
        Path folder = sampleFolder("outputs/model");
        Path secret = write("secret.txt", "password");
        Files.createSymbolicLink(folder.resolve("leak"), secret);

        assertThatThrownBy(() -> store.put(folder, PortKind.MODEL, true))
                .isInstanceOf(StoreException.class)
                .hasMessage("folder '" + folder + "' contains a symbolic link 'leak' that points outside it (to '"
                        + secret + "'); write a real file instead");
        assertThat(store.list()).isEmpty();
        assertThat(folder.resolve("a/data.csv")).exists();
    }

    @Test
    void rejectsARelativeSymbolicLinkThatClimbsOutOfTheFolder() throws IOException {
        Path folder = sampleFolder("outputs/model");
        write("outputs/secret.txt", "password");
        Files.createSymbolicLink(folder.resolve("a/up"), Path.of("../../secret.txt"));

        assertThatThrownBy(() -> store.put(folder, PortKind.MODEL, false))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("symbolic link 'a/up' that points outside it");
    }

    @Test
    void storesASymbolicLinkInsideTheFolderAsACopyOfItsTarget() throws IOException {
        Path folder = sampleFolder("outputs/model");
        Files.createSymbolicLink(folder.resolve("alias.csv"), Path.of("a/data.csv"));
        StoredArtifact a = store.put(folder, PortKind.MODEL, true);

        Path tree = store.path(a.digest()).orElseThrow();
        assertThat(Files.isSymbolicLink(tree.resolve("alias.csv"))).isFalse();
        assertThat(tree.resolve("alias.csv")).hasSameTextualContentAs(tree.resolve("a/data.csv"));
    }

    @Test
    void rejectsASourceThatIsItselfASymbolicLink() throws IOException {
        Path link = Files.createSymbolicLink(work.resolve("model"), write("real.bin", "x"));

        assertThatThrownBy(() -> store.put(link, PortKind.MODEL, false))
                .isInstanceOf(StoreException.class)
                .hasMessage("'" + link + "' is a symbolic link; write a real file or folder there instead");
    }

    @Test
    void rejectsAMissingSource() {
        Path missing = work.resolve("outputs/model");

        assertThatThrownBy(() -> store.put(missing, PortKind.MODEL, false))
                .isInstanceOf(StoreException.class)
                .hasMessage("'" + missing + "' does not exist; the step did not write this output");
    }

    @Test
    void materializeRefusesAnExistingTarget() throws IOException {
        Digest d = store.put(write("f.txt", "x"), PortKind.FILE, false).digest();
        Path target = write("taken.txt", "mine");

        assertThatThrownBy(() -> store.materialize(d, target))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("it already exists");
        assertThat(target).hasContent("mine");
    }

    @Test
    void materializeOfUnknownContentSaysWhatToDo() {
        Digest unknown = sha256("never stored");

        assertThatThrownBy(() -> store.materialize(unknown, tmp.resolve("in")))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("artifact " + unknown + " is not in the store")
                .hasMessageContaining("re-run the step");
        assertThat(tmp.resolve("in")).doesNotExist();
    }

    @Test
    void concurrentWritersOfTheSameContentBothSucceed() throws Exception {
        int writers = 2;
        for (int round = 0; round < 10; round++) {
            List<Path> files = new ArrayList<>();
            List<Path> folders = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                files.add(write("r" + round + "/f" + i + ".bin", "same content " + round));
                folders.add(sampleFolder("r" + round + "/d" + i));
            }
            List<StoredArtifact> stored = inParallel(writers, i -> store.put(files.get(i), PortKind.FILE, true));
            List<StoredArtifact> trees = inParallel(writers, i -> store.put(folders.get(i), PortKind.FOLDER, i == 0));

            assertThat(stored).extracting(StoredArtifact::digest).containsOnly(sha256("same content " + round));
            assertThat(trees).extracting(StoredArtifact::digest).containsOnly(trees.get(0).digest());
            assertThat(store.verify(stored.get(0).digest())).isTrue();
            assertThat(store.verify(trees.get(0).digest())).isTrue();
            List<Path> paths = inParallel(writers, i -> store.path(trees.get(0).digest()).orElseThrow());
            assertThat(snapshot(paths.get(1))).isEqualTo(snapshot(paths.get(0))).hasSize(3);
        }
    }

    @Test
    void deleteRemovesOnlyThatContent() throws IOException {
        Digest keep = store.put(write("keep.txt", "keep me"), PortKind.FILE, false).digest();
        Digest drop = store.put(write("drop.txt", "drop me"), PortKind.FILE, false).digest();

        assertThat(store.delete(drop)).isEqualTo(7);
        assertThat(store.list()).containsExactly(keep);
        assertThat(store.path(drop)).isEmpty();
        assertThat(store.verify(keep)).isTrue();
        assertThat(store.delete(drop)).isZero();
    }

    @Test
    void deletingAFolderKeepsTheFilesItShares() throws IOException {
        Digest file = store.put(write("data.csv", "1,2\n"), PortKind.TABLE, false).digest();
        Digest folder = store.put(write("dir/data.csv", "1,2\n").getParent(), PortKind.FOLDER, false).digest();
        store.path(folder);

        assertThat(store.delete(folder)).isPositive();
        assertThat(store.path(folder)).isEmpty();
        assertThat(store.list()).containsExactly(file);
        assertThat(store.verify(file)).isTrue();
    }

    // ---- how stored content gets damaged; a store that keeps its bytes elsewhere (a bucket) overrides these

    /**
     * Damages stored content behind the store's back, as a failing disk or a careless hand would: flips the first
     * byte of the file {@code relative} of folder artifact {@code artifact}, or of the file artifact itself when
     * {@code relative} is empty. By default in the file {@link ArtifactStore#path} gives.
     */
    protected void corrupt(Digest artifact, String relative) throws IOException {
        Path p = store.path(artifact).orElseThrow();
        flipFirstByte(relative.isEmpty() ? p : p.resolve(relative));
    }

    /** Removes a stored file artifact behind the store's back. By default the file {@link ArtifactStore#path} gives. */
    protected void lose(Digest artifact) throws IOException {
        Files.delete(store.path(artifact).orElseThrow());
    }

    // ---- helpers

    protected Path write(String relative, String content) throws IOException {
        Path p = work.resolve(relative);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, content);
    }

    /** a/data.csv (3 bytes), b.txt (4), bin/run.sh (9, executable) */
    protected Path sampleFolder(String relative) throws IOException {
        write(relative + "/a/data.csv", "1,2");
        write(relative + "/b.txt", "beta");
        Path script = write(relative + "/bin/run.sh", "echo hi\n\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return work.resolve(relative);
    }

    /** relative path -> content and executable bit, for comparing folders. */
    protected static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                String rel = root.relativize(p).toString().replace('\\', '/');
                files.put(rel, Files.readString(p) + (Files.isExecutable(p) ? " [x]" : ""));
            }
        }
        return files;
    }

    /** The digest of {@code content}'s UTF-8 bytes, computed with the JDK's SHA-256, not the store's hasher. */
    protected static Digest sha256(String content) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return Digest.parse(Digest.PREFIX + java.util.HexFormat.of().formatHex(hash));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    protected static void flipFirstByte(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        byte[] bytes = Files.readAllBytes(file);
        bytes[0] ^= 1;
        Files.write(file, bytes);
    }

    private String mediaType(String name) throws IOException {
        return store.put(write(name, name), PortKind.FILE, false).mediaType();
    }

    /** Runs task(0..n-1) on n threads released together; returns results in order. */
    protected static <T> List<T> inParallel(int n, IndexedTask<T> task) throws Exception {
        CyclicBarrier start = new CyclicBarrier(n);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit((Callable<T>) () -> {
                    start.await();
                    return task.run(index);
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    protected interface IndexedTask<T> {
        T run(int index) throws Exception;
    }
}
