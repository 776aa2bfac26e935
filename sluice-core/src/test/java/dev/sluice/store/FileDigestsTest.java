package dev.sluice.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileDigestsTest {
    private static final FileTime LAST_YEAR = FileTime.from(Instant.now().minusSeconds(365L * 24 * 3600));

    @TempDir
    Path tmp;
    final AtomicInteger reads = new AtomicInteger();

    private FileDigests open() {
        return FileDigests.open(tmp.resolve("home"), (file, bytes) -> reads.incrementAndGet());
    }

    private Path oldFile(String name, String content) throws IOException {
        Path p = Files.writeString(tmp.resolve(name), content);
        Files.setLastModifiedTime(p, LAST_YEAR);
        return p;
    }

    @Test
    void digestIsTheSha256OfTheContent() throws IOException {
        try (FileDigests digests = open()) {
            assertThat(digests.digest(oldFile("data.csv", "test")))
                    .isEqualTo(Digest.parse("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"));
        }
    }

    @Test
    void anUnchangedFileIsNotReadAgain() throws IOException {
        Path file = oldFile("data.csv", "a,b\n1,2\n");
        try (FileDigests digests = open()) {
            Digest first = digests.digest(file);
            int readsAfterFirst = reads.get();

            assertThat(digests.digest(file)).isEqualTo(first);
            assertThat(readsAfterFirst).isPositive();
            assertThat(reads.get()).isEqualTo(readsAfterFirst);
        }
    }

    /**
     * Same size and the modification time set back (as the probe of issue 13.6 did to a stored table): setting the
     * time changes the change time (ctime), which no program can set back, so the edit is noticed, as git does.
     */
    @Test
    void noticesAnInPlaceEditWhoseModificationTimeWasSetBack() throws IOException {
        Path file = oldFile("data.csv", "aaaa");
        try (FileDigests digests = open()) {
            digests.digest(file);
            Files.writeString(file, "bbbb");
            Files.setLastModifiedTime(file, LAST_YEAR);

            assertThat(digests.digest(file)).isEqualTo(Hasher.hash("bbbb".getBytes()));
        }
    }

    @Test
    void rehashesWhenSizeOrModificationTimeChanges() throws IOException {
        Path file = oldFile("data.csv", "aaaa");
        try (FileDigests digests = open()) {
            Digest before = digests.digest(file);
            Files.writeString(file, "bbbb");
            Files.setLastModifiedTime(file, FileTime.from(LAST_YEAR.toInstant().plusSeconds(1)));
            Digest touched = digests.digest(file);
            Files.writeString(file, "ccccc");
            Files.setLastModifiedTime(file, LAST_YEAR);

            assertThat(touched).isNotEqualTo(before).isEqualTo(Hasher.hash("bbbb".getBytes()));
            assertThat(digests.digest(file)).isEqualTo(Hasher.hash("ccccc".getBytes()));
        }
    }

    @Test
    void aFileWrittenJustBeforeHashingIsNotTrusted() throws IOException {
        Path file = Files.writeString(tmp.resolve("fresh.csv"), "new");
        try (FileDigests digests = open()) {
            digests.digest(file);
            int readsAfterFirst = reads.get();
            digests.digest(file);

            assertThat(reads.get()).isGreaterThan(readsAfterFirst);
        }
    }

    @Test
    void theMemoPersistsAcrossReopen() throws IOException {
        Path file = oldFile("data.csv", "a,b\n1,2\n");
        Digest first;
        try (FileDigests digests = open()) {
            first = digests.digest(file);
        }
        assertThat(tmp.resolve("home/cache/file-digests.json")).isRegularFile();
        reads.set(0);

        try (FileDigests digests = open()) {
            assertThat(digests.digest(file)).isEqualTo(first);
        }
        assertThat(reads.get()).isZero();
        assertThat(tmp.resolve("home/cache")).isDirectoryNotContaining("glob:**.tmp-*");
    }

    @Test
    void aDamagedMemoIsIgnored() throws IOException {
        Files.createDirectories(tmp.resolve("home/cache"));
        Files.writeString(tmp.resolve("home/cache/file-digests.json"), "{not json");
        Path file = oldFile("data.csv", "test");

        try (FileDigests digests = open()) {
            assertThat(digests.digest(file)).isEqualTo(Hasher.hash("test".getBytes()));
        }
        assertThat(Files.readString(tmp.resolve("home/cache/file-digests.json"))).startsWith("{\"format\"");
    }

    @Test
    void aMissingFileSaysWhatToCheck() {
        Path missing = tmp.resolve("data/nope.csv");
        try (FileDigests digests = open()) {
            assertThatThrownBy(() -> digests.digest(missing))
                    .isInstanceOf(StoreException.class)
                    .hasMessage("file '" + missing + "' does not exist; check the path in the pipeline file");
        }
    }

    @Test
    void aFolderIsNotHashedAsAFileAndSaysSo() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("data/folder"));
        try (FileDigests digests = open()) {
            assertThatThrownBy(() -> digests.digest(folder))
                    .isInstanceOf(StoreException.class)
                    .hasMessage("'" + folder + "' is not a regular file; only files can be hashed");
        }
    }
}
