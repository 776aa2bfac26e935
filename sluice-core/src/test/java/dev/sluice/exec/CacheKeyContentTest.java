package dev.sluice.exec;

import dev.sluice.store.FileDigests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the cache key reads besides parameters: a {@code path} parameter naming a folder is keyed by its files' names
 * and content (so a changed file inside it is a miss), a missing path is keyed as missing, and a Java component's
 * code is keyed by its class name and class bytes.
 */
class CacheKeyContentTest {
    @TempDir Path home;
    @TempDir Path dir;

    @Test
    void aFolderIsKeyedByTheNamesAndContentOfTheFilesInsideIt() throws Exception {
        Path folder = dir.resolve("data");
        Files.createDirectories(folder.resolve("sub"));
        Files.writeString(folder.resolve("a.txt"), "1");
        Files.writeString(folder.resolve("sub/b.txt"), "2");
        try (FileDigests digests = FileDigests.open(home)) {
            CacheKeys keys = new CacheKeys(digests, dir);
            String first = keys.contentDigest(folder);
            assertThat(first).startsWith("sha256:").isNotEqualTo(keys.contentDigest(dir.resolve("none")));
            assertThat(keys.contentDigest(folder)).as("unchanged").isEqualTo(first);

            Files.writeString(folder.resolve("sub/b.txt"), "22");
            String changed = keys.contentDigest(folder);
            assertThat(changed).as("a file inside changed").isNotEqualTo(first);

            Files.move(folder.resolve("a.txt"), folder.resolve("c.txt"));
            assertThat(keys.contentDigest(folder)).as("a file inside renamed").isNotEqualTo(changed);
            assertThat(keys.contentDigest(dir.resolve("none"))).isEqualTo("missing");
        }
    }

    @Test
    void aComponentsCodeIsKeyedByItsClassNameAndClassBytes() throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(CacheKeys.class.getName().getBytes(StandardCharsets.UTF_8));
        try (InputStream in = CacheKeys.class.getClassLoader().getResourceAsStream("dev/sluice/exec/CacheKeys.class")) {
            md.update(in.readAllBytes());
        }
        assertThat(CacheKeys.classDigest(CacheKeys.class)).isEqualTo("sha256:" + HexFormat.of().formatHex(md.digest()));
        assertThat(CacheKeys.classDigest(CanonicalJson.class)).startsWith("sha256:").isNotEqualTo(CacheKeys.classDigest(CacheKeys.class));
    }
}
