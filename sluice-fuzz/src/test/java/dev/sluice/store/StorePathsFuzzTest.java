package dev.sluice.store;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Paths inside folder artifacts, the one place where text from a manifest becomes a file path in the store. In this
 * package to reach {@link Manifest} and {@link TreeWriter}. {@link #manifestPaths}: an entry path is accepted only if
 * it names a file strictly inside the folder, whatever its encoding ({@code ..}, {@code %2e%2e}, backslashes, absolute
 * paths, NUL). {@link #manifests}: manifest bytes are parsed into such entries or refused with a
 * {@link StoreException}; anything else is a finding.
 */
class StorePathsFuzzTest {
    private static final Digest SOME = Digest.parse("0".repeat(64));
    private static Path dir;

    @BeforeAll
    static void folder() throws IOException {
        dir = Files.createDirectories(Path.of("target", "fuzz-store", "tree").toAbsolutePath());
    }

    @FuzzTest
    @DictionaryEntries({"..", "/", "%2e", "%2f", "%252e", "%5c", ".", "//", "~", "%00"})
    void manifestPaths(byte[] input) {
        String path = new String(input, StandardCharsets.UTF_8);
        Manifest.Entry entry;
        try {
            entry = new Manifest.Entry(path, SOME, 1, false);
        } catch (StoreException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        Path target = TreeWriter.inside(dir, entry.path());
        assertThat(target).startsWithRaw(dir).isNotEqualTo(dir);
        assertThat(dir.resolve(path).normalize()).isEqualTo(target);
        Manifest m = new Manifest(List.of(entry));
        assertThat(Manifest.parse(m.toBytes(), Hasher.hash(m.toBytes())).entries()).containsExactly(entry);
    }

    @FuzzTest
    @DictionaryEntries({"{\"format\":\"sluice-manifest/1\",\"files\":[", "{\"path\":\"", "\",\"digest\":\"sha256:",
            "\",\"size\":", ",\"executable\":false}", "]}", "..", "/"})
    void manifests(byte[] input) {
        try {
            Manifest m = Manifest.parse(input, Hasher.hash(input));
            for (Manifest.Entry e : m.entries()) {
                assertThat(TreeWriter.inside(dir, e.path())).startsWithRaw(dir);
            }
        } catch (StoreException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }
}
