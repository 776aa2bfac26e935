package dev.sluice.store;

import dev.sluice.api.PortKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class ContentDigestTest {
    @TempDir
    Path dir;

    private Path folder() throws Exception {
        Path f = dir.resolve("model");
        Files.createDirectories(f.resolve("sub"));
        Files.writeString(f.resolve("model.json"), "{\"a\": 1}");
        Files.writeString(f.resolve("sub/trees.json"), "[1, 2, 3]");
        Files.writeString(f.resolve("run.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(f.resolve("run.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        return f;
    }

    @Test
    void isTheDigestTheStoreRecordsForAFileAndAFolderAndOfTheStoredCopies() throws Exception {
        LocalArtifactStore store = new LocalArtifactStore(dir.resolve("home"));
        Path folder = folder();
        Digest stored = store.put(folder, PortKind.MODEL, false).digest();
        assertThat(ContentDigest.of(folder)).isEqualTo(stored);
        assertThat(ContentDigest.of(store.path(stored).orElseThrow())).isEqualTo(stored);   // the read-only tree

        Path file = folder.resolve("model.json");
        Digest blob = store.put(file, PortKind.FILE, false).digest();
        assertThat(ContentDigest.of(file)).isEqualTo(blob);
        assertThat(ContentDigest.of(store.path(blob).orElseThrow())).isEqualTo(blob);
    }

    @Test
    void changesWhenAByteAFileOrAnExecutableBitChanges() throws Exception {
        Path folder = folder();
        Digest before = ContentDigest.of(folder);

        Files.writeString(folder.resolve("model.json"), "{\"a\": 2}");         // same size, one byte
        Digest edited = ContentDigest.of(folder);
        assertThat(edited).isNotEqualTo(before);

        Files.writeString(folder.resolve("extra.txt"), "");
        Digest added = ContentDigest.of(folder);
        assertThat(added).isNotEqualTo(edited);
        Files.delete(folder.resolve("extra.txt"));
        assertThat(ContentDigest.of(folder)).isEqualTo(edited);

        Files.setPosixFilePermissions(folder.resolve("run.sh"), PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(ContentDigest.of(folder)).isNotEqualTo(edited);
    }
}
