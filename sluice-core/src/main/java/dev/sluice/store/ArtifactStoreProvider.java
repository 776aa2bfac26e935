package dev.sluice.store;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * Opens an {@link ArtifactStore} that lives somewhere else than the workspace's folder, named by a URI in
 * {@code SLUICE_STORE} ({@code s3://bucket/prefix}). Implementations are found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.sluice.store.ArtifactStoreProvider}) and chosen by {@link #scheme()}, so a backend
 * and its client library stay in their own module ({@code sluice-s3}) and out of {@code sluice-core}.
 * Implementations are stateless and thread-safe; see {@link ArtifactStores} for the lookup.
 *
 * <pre>{@code
 * public final class S3StoreProvider implements ArtifactStoreProvider {
 *     public String scheme() { return "s3"; }
 *     public ArtifactStore open(URI location, Path home, Map<String, String> env) { ... }
 * }
 * }</pre>
 */
public interface ArtifactStoreProvider {
    /** The URI scheme this provider serves, lower case ({@code s3}). */
    String scheme();

    /**
     * Opens the store at {@code location}.
     *
     * @param location the URI from {@code SLUICE_STORE}, whose scheme is {@link #scheme()}
     * @param home     the workspace folder, where the store may keep local copies of what it reads
     * @param env      the environment (endpoints, regions, credentials); never log credentials from it
     * @throws StoreException when the location is malformed or the store cannot be reached, saying what to set
     */
    ArtifactStore open(URI location, Path home, Map<String, String> env);
}
