package dev.sluice.store;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArtifactStoresTest {
    private final Path home = Path.of("/tmp/never-created");

    @Test
    void withoutSluiceStoreTheWorkspaceKeepsItsLocalStore() {
        assertThat(ArtifactStores.fromEnvironment(home, Map.of())).isEmpty();
        assertThat(ArtifactStores.fromEnvironment(home, Map.of("SLUICE_STORE", "  "))).isEmpty();
    }

    @Test
    void aSchemeNoInstalledStoreServesSaysWhatToWrite() {
        // sluice-core alone has no provider: s3 comes with sluice-s3
        assertThatThrownBy(() -> ArtifactStores.fromEnvironment(home, Map.of("SLUICE_STORE", "s3://bucket/team")))
                .isInstanceOf(StoreException.class)
                .hasMessage("SLUICE_STORE names a 's3:' store, and no store for that scheme is installed (none is);"
                        + " use s3://bucket/prefix with sluice-s3 on the class path, or unset it to keep artifacts under"
                        + " the workspace");
    }

    @Test
    void aValueThatIsNotAUriWithASchemeIsRefused() {
        assertThatThrownBy(() -> ArtifactStores.fromEnvironment(home, Map.of("SLUICE_STORE", "/mnt/shared")))
                .isInstanceOf(StoreException.class)
                .hasMessage("SLUICE_STORE is '/mnt/shared', which has no scheme; write it as s3://bucket/prefix, or unset"
                        + " it to keep artifacts under the workspace");
        assertThatThrownBy(() -> ArtifactStores.fromEnvironment(home, Map.of("SLUICE_STORE", "s3://a b")))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("SLUICE_STORE is 's3://a b', which is not a URI (");
    }
}
