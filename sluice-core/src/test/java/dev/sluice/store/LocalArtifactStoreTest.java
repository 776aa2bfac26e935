package dev.sluice.store;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

class LocalArtifactStoreTest extends ArtifactStoreContract {
    @Override
    protected ArtifactStore open(Path home) {
        return new LocalArtifactStore(home);
    }
}
