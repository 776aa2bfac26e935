package dev.sluice.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sluice.exec.Workspace;
import dev.sluice.meta.MetadataException;
import dev.sluice.monitor.PredictionLog;
import dev.sluice.serve.ModelRef;
import dev.sluice.store.Digest;
import dev.sluice.store.StoreException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Names and ids as a user or a client types them: artifact ids and run ids (prefixes included) against a real
 * workspace, and model references ({@code NAME[@ALIAS]}) as {@code sluice serve} and the prediction log read them.
 * Each is either refused with the user error of its layer or stays inside the workspace: a digest's blob path lies
 * in the store, a model's log folder under {@code predictions/}.
 */
class NamesFuzzTest {
    private static Workspace ws;

    @BeforeAll
    static void open() throws IOException {
        ws = Workspace.open(Files.createTempDirectory("sluice-fuzz-names"));
    }

    @AfterAll
    static void close() {
        ws.close();
    }

    @FuzzTest
    void artifactAndRunIds(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        try {
            Digest d = Digest.parse(text);
            assertThat(d.toString()).matches("sha256:[0-9a-f]{64}");
            ws.store().path(d).ifPresent(p -> assertThat(p.normalize()).startsWithRaw(ws.home()));
        } catch (StoreException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
        try {
            assertThat(ws.metadata().queries().artifact(text)).isEmpty();
        } catch (MetadataException refused) {
            assertThat(refused.getMessage()).hasSizeLessThan(600);
        }
        try {
            assertThat(ws.metadata().queries().run(text)).isEmpty();
        } catch (MetadataException refused) {
            assertThat(refused.getMessage()).hasSizeLessThan(600);
        }
    }

    @FuzzTest
    void modelReferences(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        ModelRef ref;
        try {
            ref = ModelRef.parse(text);
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        try {
            assertThat(ws.metadata().models().resolve(ref.toString())).isEmpty();
        } catch (MetadataException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
        try {
            Path folder = PredictionLog.folder(ws.home(), ref.name());
            Path predictions = ws.home().resolve("predictions");
            assertThat(folder.normalize()).startsWithRaw(predictions).isNotEqualTo(predictions);
            assertThat(folder.normalize().getParent()).isEqualTo(predictions);
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }
}
