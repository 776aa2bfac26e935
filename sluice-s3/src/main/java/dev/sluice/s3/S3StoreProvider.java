package dev.sluice.s3;

import dev.sluice.store.ArtifactStore;
import dev.sluice.store.ArtifactStoreProvider;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * Opens {@code SLUICE_STORE=s3://bucket/prefix} as an {@link S3ArtifactStore}, with the endpoint, region, addressing
 * and credentials the environment gives ({@link S3Settings}). Registered in
 * {@code META-INF/services/dev.sluice.store.ArtifactStoreProvider}. Stateless and thread-safe.
 */
public final class S3StoreProvider implements ArtifactStoreProvider {
    @Override
    public String scheme() {
        return "s3";
    }

    @Override
    public ArtifactStore open(URI location, Path home, Map<String, String> env) {
        return S3ArtifactStore.open(S3Location.parse(location), home, env);
    }
}
