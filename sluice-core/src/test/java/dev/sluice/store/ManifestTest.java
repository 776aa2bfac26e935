package dev.sluice.store;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManifestTest {
    private static final Digest D = Hasher.hash(new byte[0]);

    @Test
    void sortsEntriesAndWritesCanonicalBytes() {
        Manifest m = new Manifest(List.of(new Manifest.Entry("b \"q\".txt", D, 0, true), new Manifest.Entry("a/x", D, 0, false)));

        assertThat(new String(m.toBytes(), StandardCharsets.UTF_8)).isEqualTo(
                "{\"format\":\"sluice-manifest/1\",\"files\":["
                        + "{\"path\":\"a/x\",\"digest\":\"" + D + "\",\"size\":0,\"executable\":false},"
                        + "{\"path\":\"b \\\"q\\\".txt\",\"digest\":\"" + D + "\",\"size\":0,\"executable\":true}]}");
    }

    @Test
    void parsesWhatItWrites() {
        Manifest m = new Manifest(List.of(new Manifest.Entry("dir/ünï.csv", D, 12, false)));
        byte[] bytes = m.toBytes();

        assertThat(Manifest.parse(bytes, Hasher.hash(bytes))).isEqualTo(m);
    }

    @Test
    void rejectsNonCanonicalBytes() {
        byte[] spaced = ("{\"format\": \"sluice-manifest/1\",\"files\":[]}").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> Manifest.parse(spaced, Hasher.hash(spaced)))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("is invalid: it is not in canonical form");
    }

    @Test
    void rejectsPathsThatLeaveTheFolder() {
        for (String bad : List.of("../x", "a/../../x", "/etc/passwd", "a//b", "./a", "a/", "", "a\\..\\b", "a\u0000b")) {
            assertThatThrownBy(() -> new Manifest.Entry(bad, D, 0, false))
                    .as(bad).isInstanceOf(StoreException.class);
        }
    }

    @Test
    void rejectsDuplicatesAndAFileThatIsAlsoAFolder() {
        assertThatThrownBy(() -> new Manifest(List.of(new Manifest.Entry("a", D, 0, false), new Manifest.Entry("a", D, 0, false))))
                .hasMessage("manifest lists 'a' twice");
        assertThatThrownBy(() -> new Manifest(List.of(new Manifest.Entry("a", D, 0, false), new Manifest.Entry("a/b", D, 0, false))))
                .hasMessage("manifest lists 'a' both as a file and as a folder");
    }
}
