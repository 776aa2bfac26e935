package dev.sluice.store;

import dev.sluice.api.PortKind;
import dev.sluice.testing.ArtifactStoreContract;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalArtifactStoreTest extends ArtifactStoreContract {
    @Override
    protected ArtifactStore open(Path home) {
        return new LocalArtifactStore(home);
    }

    private Path root() {
        return ((LocalArtifactStore) store).root();
    }

    @Test
    void keepsIdenticalContentInOneReadOnlyBlob() throws IOException {
        Digest d = store.put(write("a.csv", "same"), PortKind.TABLE, false).digest();
        store.put(write("b.csv", "same"), PortKind.TABLE, true);

        Path blob = root().resolve("blobs").resolve(d.hex().substring(0, 2)).resolve(d.hex());
        assertThat(files(root().resolve("blobs"))).containsExactly(blob);
        assertThat(Files.getPosixFilePermissions(blob)).isEqualTo(PosixFilePermissions.fromString("r--r--r--"));
        assertThat(store.path(d)).contains(blob);
    }

    @Test
    void saysWhichFileEachBlobWasStoredFromEvenWhenItsContentWasThereAlready() throws IOException {
        Path first = write("first.csv", "same bytes");
        FileIdentity firstId = FileIdentity.of(first).orElseThrow();
        Digest d = store.put(first, PortKind.TABLE, true).digest();
        Path blob = store.path(d).orElseThrow();
        assertThat(BlobOrigins.origin(blob)).contains(firstId);
        assertThat(FileIdentity.of(blob)).as("a moved file is linked: the blob is that file").contains(firstId);

        Path second = write("second.csv", "same bytes");
        FileIdentity secondId = FileIdentity.of(second).orElseThrow();
        assertThat(secondId).isNotEqualTo(firstId);
        store.put(second, PortKind.TABLE, true);
        assertThat(BlobOrigins.origin(blob)).as("the existing blob now stands for the second file").contains(secondId);
        assertThat(BlobOrigins.origin(root().resolve("blobs/none"))).isEmpty();
    }

    /** A store whose backup holds what {@code kept} says, as the metadata database does for small artifacts. */
    private LocalArtifactStore storeWithBackup(java.util.Map<Digest, byte[]> kept) {
        LocalArtifactStore s = new LocalArtifactStore(tmp.resolve("home"), true);
        s.restoreFrom(d -> java.util.Optional.ofNullable(kept.get(d)));
        return s;
    }

    private Path blob(Digest d) {
        return root().resolve("blobs").resolve(d.hex().substring(0, 2)).resolve(d.hex());
    }

    @Test
    void aLostOrDamagedBlobIsWrittenBackFromTheBytesKeptElsewhere() throws IOException {
        java.util.Map<Digest, byte[]> kept = new ConcurrentHashMap<>();
        store = storeWithBackup(kept);
        Digest d = store.put(write("small.txt", "hello"), PortKind.FILE, true).digest();
        kept.put(d, "hello".getBytes(StandardCharsets.UTF_8));
        store.keptElsewhere(d);

        Files.delete(blob(d)); // as after a power cut before the blob reached the disk
        assertThat(store.path(d)).contains(blob(d));
        assertThat(Files.readString(blob(d))).isEqualTo("hello");
        assertThat(Files.getPosixFilePermissions(blob(d))).isEqualTo(PosixFilePermissions.fromString("r--r--r--"));

        Files.setPosixFilePermissions(blob(d), PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(blob(d), "jello");
        assertThat(store.verify(d)).isTrue();
        assertThat(Files.readString(blob(d))).isEqualTo("hello");
    }

    @Test
    void bytesThatDoNotHashToTheDigestAreNeverWrittenBack() throws IOException {
        java.util.Map<Digest, byte[]> kept = new ConcurrentHashMap<>();
        store = storeWithBackup(kept);
        Digest d = store.put(write("small.txt", "hello"), PortKind.FILE, true).digest();
        kept.put(d, "other".getBytes(StandardCharsets.UTF_8));

        Files.delete(blob(d));
        assertThat(store.path(d)).isEmpty();
        assertThat(store.verify(d)).isFalse();
        assertThat(blob(d)).doesNotExist();
    }

    @Test
    void aFolderWhoseFileWasLostIsRebuiltWithTheBytesKeptElsewhere() throws IOException {
        java.util.Map<Digest, byte[]> kept = new ConcurrentHashMap<>();
        store = storeWithBackup(kept);
        Digest folder = store.put(sampleFolder("out"), PortKind.FOLDER, false).digest();
        Digest beta = sha256("beta");
        kept.put(beta, "beta".getBytes(StandardCharsets.UTF_8));

        Files.delete(blob(beta));
        Path tree = store.path(folder).orElseThrow();
        assertThat(Files.readString(tree.resolve("b.txt"))).isEqualTo("beta");
        assertThat(store.verify(folder)).isTrue();
    }

    @Test
    void storesAFolderAsACanonicalManifest() throws IOException {
        Digest d = store.put(sampleFolder("out"), PortKind.FOLDER, false).digest();

        Path manifest = root().resolve("manifests").resolve(d.hex().substring(0, 2)).resolve(d.hex());
        assertThat(Files.readString(manifest)).isEqualTo("{\"format\":\"sluice-manifest/1\",\"files\":["
                + "{\"path\":\"a/data.csv\",\"digest\":\"" + sha256("1,2") + "\",\"size\":3,\"executable\":false},"
                + "{\"path\":\"b.txt\",\"digest\":\"" + sha256("beta") + "\",\"size\":4,\"executable\":false},"
                + "{\"path\":\"bin/run.sh\",\"digest\":\"" + sha256("echo hi\n\n") + "\",\"size\":9,\"executable\":true}]}");
        assertThat(sha256(Files.readString(manifest))).isEqualTo(d);
    }

    @Test
    void aFailureWhileReadingLeavesNothingVisibleAndNoTemporaryFiles() throws IOException {
        Set<Path> seen = ConcurrentHashMap.newKeySet();
        store = new LocalArtifactStore(tmp.resolve("home"), (file, bytes) -> {
            seen.add(file);
            if (seen.size() >= 2) { // one file is staged, the second fails mid-read
                throw new IOException("disk on fire");
            }
        });
        Path folder = sampleFolder("outputs/model");

        assertThatThrownBy(() -> store.put(folder, PortKind.MODEL, true))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("could not store '" + folder + "': java.io.IOException: disk on fire");
        assertThatThrownBy(() -> store.put(folder.resolve("b.txt"), PortKind.FILE, true))
                .isInstanceOf(StoreException.class);

        assertThat(seen).hasSizeGreaterThanOrEqualTo(2);

        assertThat(store.list()).isEmpty();
        assertThat(root().resolve("tmp")).isEmptyDirectory();
        assertThat(snapshot(folder)).hasSize(3);
    }

    @Test
    void rejectsACraftedManifestThatClimbsOutOfTheFolder() throws IOException {
        Digest blob = store.put(write("payload", "evil"), PortKind.FILE, false).digest();
        Digest crafted = plantManifest("{\"format\":\"sluice-manifest/1\",\"files\":[{\"path\":\"../x\",\"digest\":\""
                + blob + "\",\"size\":4,\"executable\":false}]}");
        Path target = tmp.resolve("inputs/data");

        assertThatThrownBy(() -> store.materialize(crafted, target))
                .isInstanceOf(StoreException.class)
                .hasMessage("manifest of " + crafted + " is invalid: path '../x' has an empty, '.' or '..' segment;"
                        + " only plain paths inside the folder are allowed; it was not written by Sluice,"
                        + " delete it and re-run the step that produced it");
        assertThatThrownBy(() -> store.path(crafted)).isInstanceOf(StoreException.class);
        assertThat(store.verify(crafted)).isFalse();
        assertThat(tmp.resolve("inputs/x")).doesNotExist();
        assertThat(tmp.resolve("inputs")).isEmptyDirectory();
    }

    @Test
    void rejectsACraftedManifestWithAnAbsolutePath() throws IOException {
        Digest blob = store.put(write("payload", "evil"), PortKind.FILE, false).digest();
        Digest crafted = plantManifest("{\"format\":\"sluice-manifest/1\",\"files\":[{\"path\":\"/tmp/x\",\"digest\":\""
                + blob + "\",\"size\":4,\"executable\":false}]}");

        assertThatThrownBy(() -> store.materialize(crafted, tmp.resolve("inputs/data")))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("path '/tmp/x' is not relative");
    }

    @Test
    void aManifestChangedAfterStoringIsRejected() throws IOException {
        Digest d = store.put(sampleFolder("out"), PortKind.FOLDER, false).digest();
        Path manifest = root().resolve("manifests").resolve(d.hex().substring(0, 2)).resolve(d.hex());
        Files.setPosixFilePermissions(manifest, PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(manifest, Files.readString(manifest).replace("b.txt", "c.txt"));

        assertThatThrownBy(() -> store.materialize(d, tmp.resolve("in")))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("the manifest of folder artifact " + d + " was changed after it was stored;"
                        + " it was moved to " + root().resolve("quarantine").resolve("manifest-" + d.hex() + "-"))
                .hasMessageEndingWith("; run the pipeline again and the step that made it runs again ('sluice fsck'"
                        + " checks the whole store)");
        assertThat(manifest).doesNotExist(); // moved to quarantine: the folder is no longer served at all
        assertThat(store.verify(d)).isFalse();
        assertThat(store.path(d)).isEmpty();
    }

    @Test
    void moveCopiesAFileThatHasOtherHardLinks() throws IOException {
        Path source = write("outputs/model.bin", "weights");
        Path other = Files.createLink(work.resolve("elsewhere.bin"), source);
        Digest d = store.put(source, PortKind.MODEL, true).digest();

        assertThat(source).doesNotExist();
        assertThat(Files.getPosixFilePermissions(other)).contains(PosixFilePermission.OWNER_WRITE);
        Files.writeString(other, "changed");
        assertThat(store.verify(d)).isTrue();
    }

    @Test
    void buildsAFolderTreeOnceFromHardLinks() throws IOException {
        Digest d = store.put(sampleFolder("out"), PortKind.FOLDER, false).digest();
        Path tree = store.path(d).orElseThrow();

        assertThat(tree).isEqualTo(root().resolve("trees").resolve(d.hex()));
        assertThat(store.path(d)).contains(tree);
        Path blob = root().resolve("blobs").resolve(sha256("1,2").hex().substring(0, 2)).resolve(sha256("1,2").hex());
        assertThat(Files.isSameFile(tree.resolve("a/data.csv"), blob)).isTrue();
        assertThat(Files.getPosixFilePermissions(tree)).doesNotContain(PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void refusesToMoveContentOutOfTheStoreItself() throws IOException {
        Digest d = store.put(sampleFolder("out"), PortKind.FOLDER, false).digest();
        Path tree = store.path(d).orElseThrow();

        assertThatThrownBy(() -> store.put(tree, PortKind.FOLDER, true))
                .isInstanceOf(StoreException.class)
                .hasMessage("'" + tree + "' is inside the artifact store and cannot be moved; put it with move=false");
        assertThat(store.put(tree, PortKind.FOLDER, false).digest()).isEqualTo(d);
        assertThat(store.verify(d)).isTrue();
    }

    @Test
    void cleansUpAbandonedTemporaryFilesOnly() throws IOException {
        Path abandoned = Files.writeString(root().resolve("tmp/blob-1000-abc"), "half");
        Path fresh = Files.writeString(root().resolve("tmp/blob-" + System.currentTimeMillis() + "-def"), "busy");

        assertThat(((LocalArtifactStore) store).cleanTemporaryFiles(Duration.ofHours(1))).isEqualTo(1);
        assertThat(abandoned).doesNotExist();
        assertThat(fresh).exists();
    }

    @Test
    void openingTheStoreRemovesTemporaryFilesLeftByACrash() throws IOException {
        Path abandoned = Files.writeString(root().resolve("tmp/blob-1000-abc"), "half");

        open(tmp.resolve("home"));

        assertThat(abandoned).doesNotExist();
    }

    private Digest plantManifest(String json) throws IOException {
        Digest d = sha256(json);
        Path p = root().resolve("manifests").resolve(d.hex().substring(0, 2)).resolve(d.hex());
        Files.createDirectories(p.getParent());
        Files.write(p, json.getBytes(StandardCharsets.UTF_8));
        return d;
    }

    private static java.util.List<Path> files(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void aFolderArtifactsTreeIsReadOnlyAtEveryLevelAndGoesWithTheArtifact() throws IOException {
        write("deep/x/y/z.txt", "deep");
        Digest folder = store.put(sampleFolder("deep"), PortKind.FOLDER, false).digest();
        Path tree = store.path(folder).orElseThrow();

        List<Path> dirs;
        try (Stream<Path> walk = Files.walk(tree)) {
            dirs = walk.filter(Files::isDirectory).toList();
        }
        assertThat(dirs).hasSize(5);   // the tree, a, bin, x, x/y
        assertThat(dirs).allSatisfy(d -> assertThat(Files.getPosixFilePermissions(d)).as(d.toString())
                .doesNotContain(java.nio.file.attribute.PosixFilePermission.OWNER_WRITE));
        assertThat(Files.readString(tree.resolve("x/y/z.txt"))).isEqualTo("deep");

        assertThat(store.delete(folder)).isPositive();
        assertThat(tree).doesNotExist();
        assertThat(store.path(folder)).isEmpty();
    }

    @Test
    void listsEveryStoredFileAndFolderOnceAndIgnoresStrayFiles() throws IOException {
        Digest file = store.put(write("one.txt", "one"), PortKind.FILE, false).digest();
        Digest folder = store.put(sampleFolder("out"), PortKind.FOLDER, false).digest();
        Files.writeString(root().resolve("blobs").resolve("notes.txt"), "a stray file beside the shards");
        Files.writeString(root().resolve("manifests").resolve(".DS_Store"), "");

        assertThat(store.list()).containsExactlyInAnyOrder(file, folder, sha256("1,2"), sha256("beta"), sha256("echo hi\n\n"));
    }

    @Test
    void materializingAFolderWritesBackItsLostFileAndAFailedOneLeavesNothingBehind() throws IOException {
        java.util.Map<Digest, byte[]> kept = new ConcurrentHashMap<>();
        store = storeWithBackup(kept);
        Digest folder = store.put(sampleFolder("out"), PortKind.FOLDER, false).digest();
        Digest beta = sha256("beta");
        Files.delete(blob(beta));
        kept.put(beta, "beta".getBytes(StandardCharsets.UTF_8));

        Path target = tmp.resolve("inputs/model");
        store.materialize(folder, target);
        assertThat(Files.readString(target.resolve("b.txt"))).isEqualTo("beta");

        kept.clear();
        Files.delete(blob(beta));
        Path again = tmp.resolve("inputs/again");
        assertThatThrownBy(() -> store.materialize(folder, again)).isInstanceOf(StoreException.class)
                .hasMessageContaining("is missing from the store");
        try (Stream<Path> left = Files.list(again.getParent())) {
            assertThat(left).containsExactly(target);
        }
    }

    @Test
    void aFolderWhoseFileWentMissingIsNotServedFromItsOldTree() throws IOException {
        Digest folder = store.put(sampleFolder("out"), PortKind.FOLDER, false).digest();
        Path tree = store.path(folder).orElseThrow();
        Files.delete(blob(sha256("beta")));   // the tree still links the bytes

        assertThat(store.verify(folder)).isFalse();
        assertThat(tree).doesNotExist();
        assertThatThrownBy(() -> store.path(folder)).isInstanceOf(StoreException.class)
                .hasMessageContaining("its file 'b.txt' (" + sha256("beta") + ") is missing from the store");
    }

    @Test
    void anEmptyFileIsIntactNotMissing() throws IOException {
        Digest empty = store.put(write("empty.txt", ""), PortKind.FILE, false).digest();
        assertThat(store.verify(empty)).isTrue();
        assertThat(store.path(empty)).hasValueSatisfying(p -> assertThat(p).isEmptyFile());
    }

    @Test
    void storingContentThatIsThereAlreadyKeepsTheStoredFileAndLeavesNoTemporaryFile() throws IOException {
        Digest folder = store.put(sampleFolder("out"), PortKind.FOLDER, false).digest();
        Path tree = store.path(folder).orElseThrow();
        Object before = Files.readAttributes(blob(sha256("beta")), java.nio.file.attribute.BasicFileAttributes.class).fileKey();

        store.put(write("again/b.txt", "beta"), PortKind.FILE, false);
        store.put(write("moved/b.txt", "beta"), PortKind.FILE, true);

        assertThat(Files.readAttributes(blob(sha256("beta")), java.nio.file.attribute.BasicFileAttributes.class).fileKey())
                .as("the same file, not a rewritten copy").isEqualTo(before);
        assertThat(tree).as("trees linking it stay").isDirectory();
        try (Stream<Path> temps = Files.list(root().resolve("tmp"))) {
            assertThat(temps).isEmpty();
        }
    }

    @Test
    void aFolderStoredWithoutMoveIsCopiedSoChangingTheSourceLaterChangesNothingStored() throws IOException {
        Path source = sampleFolder("src");
        Digest folder = store.put(source, PortKind.FOLDER, false).digest();

        assertThat(Files.getPosixFilePermissions(source.resolve("b.txt"))).contains(PosixFilePermission.OWNER_WRITE);
        Files.writeString(source.resolve("b.txt"), "changed by its owner");

        assertThat(store.verify(folder)).isTrue();
        assertThat(Files.readString(store.path(folder).orElseThrow().resolve("b.txt"))).isEqualTo("beta");
    }
}
