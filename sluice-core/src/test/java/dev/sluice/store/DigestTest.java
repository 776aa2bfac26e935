package dev.sluice.store;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DigestTest {
    private static final String HEX = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @Test
    void parsesWithOrWithoutThePrefix() {
        assertThat(Digest.parse("sha256:" + HEX)).isEqualTo(new Digest(HEX)).isEqualTo(Digest.parse(HEX));
    }

    @Test
    void printsWithThePrefixAndShortens() {
        Digest d = new Digest(HEX);

        assertThat(d).hasToString("sha256:" + HEX);
        assertThat(d.shortForm()).isEqualTo("9f86d081884c");
        assertThat(Digest.parse(d.toString())).isEqualTo(d);
    }

    @Test
    void hashesBytes() {
        assertThat(Hasher.hash("test".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo(new Digest(HEX));
    }

    @Test
    void rejectsUppercaseShortAndForeignDigests() {
        assertThatThrownBy(() -> Digest.parse(HEX.toUpperCase()))
                .isInstanceOf(StoreException.class)
                .hasMessage("'" + HEX.toUpperCase() + "' is not a SHA-256 digest; expected 64 lowercase"
                        + " hexadecimal characters, optionally after 'sha256:'");
        assertThatThrownBy(() -> Digest.parse(HEX.substring(1))).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> Digest.parse("md5:" + HEX)).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> Digest.parse("../../" + HEX.substring(6))).isInstanceOf(StoreException.class);
    }

    @Test
    void aMessageQuotesUpToEightyCharactersOfWhatIsNoDigest() {
        String eighty = "x".repeat(80);
        assertThatThrownBy(() -> Digest.parse(eighty)).hasMessageStartingWith("'" + eighty + "' is not a SHA-256 digest");
        assertThatThrownBy(() -> Digest.parse(eighty + "y"))
                .hasMessageStartingWith("'" + "x".repeat(77) + "...' is not a SHA-256 digest; expected 64 lowercase"
                        + " hexadecimal characters, optionally after 'sha256:'");
    }
}
