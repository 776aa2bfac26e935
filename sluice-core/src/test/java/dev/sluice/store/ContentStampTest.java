package dev.sluice.store;

import dev.sluice.api.PortKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ContentStampTest {
    @TempDir
    Path tmp;

    @Test
    void anUnknownStampVouchesForNothingAndAStampOfStoredContentDoes() throws IOException {
        LocalArtifactStore store = new LocalArtifactStore(tmp.resolve("home"));
        Digest d = store.put(Files.writeString(tmp.resolve("f.txt"), "x"), PortKind.FILE, false).digest();

        assertThat(ContentStamp.unknown(d).vouchesForNothing()).isTrue();
        assertThat(store.stamp(d).vouchesForNothing()).isFalse();
        assertThat(store.stamp(d).digest()).isEqualTo(d);
    }
}
