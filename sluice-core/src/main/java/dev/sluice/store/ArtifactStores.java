package dev.sluice.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * Which artifact store the environment names: {@code SLUICE_STORE} unset or blank means the local store under the
 * workspace ({@link LocalArtifactStore}); a URI such as {@code s3://bucket/prefix} is opened by the
 * {@link ArtifactStoreProvider} on the class path that serves its scheme. Stateless and thread-safe.
 *
 * <pre>{@code
 * Optional<ArtifactStore> remote = ArtifactStores.fromEnvironment(home, System.getenv());
 * ArtifactStore store = remote.orElseGet(() -> new LocalArtifactStore(home));
 * }</pre>
 */
public final class ArtifactStores {
    /** The environment variable naming a store that is not the local one. */
    public static final String STORE_ENV = "SLUICE_STORE";

    private ArtifactStores() {
    }

    /**
     * The store {@code SLUICE_STORE} names in {@code env}, or empty for the local store.
     *
     * @throws StoreException when the value is not a URI or no provider serves its scheme, saying what to do
     */
    public static Optional<ArtifactStore> fromEnvironment(Path home, Map<String, String> env) {
        Objects.requireNonNull(home, "home");
        String value = env.get(STORE_ENV);
        if (value == null || value.isBlank()) return Optional.empty();
        String shown = value.contains("@") ? "a value with a user name or password (not shown)" : "'" + value + "'";
        URI uri;
        try {
            uri = new URI(value.strip());
        } catch (URISyntaxException e) {
            throw new StoreException(STORE_ENV + " is " + shown + ", which is not a URI (" + e.getReason()
                    + "); write it as s3://bucket/prefix, or unset it to keep artifacts under the workspace");
        }
        if (uri.getScheme() == null) {
            throw new StoreException(STORE_ENV + " is " + shown + ", which has no scheme; write it as"
                    + " s3://bucket/prefix, or unset it to keep artifacts under the workspace");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        TreeSet<String> known = new TreeSet<>();
        for (ArtifactStoreProvider p : ServiceLoader.load(ArtifactStoreProvider.class, ArtifactStores.class.getClassLoader())) {
            if (p.scheme().equals(scheme)) return Optional.of(p.open(uri, home, env));
            known.add(p.scheme());
        }
        throw new StoreException(STORE_ENV + " names a '" + scheme + ":' store, and no store for that scheme is"
                + " installed (" + (known.isEmpty() ? "none is" : "installed: " + String.join(", ", known))
                + "); use s3://bucket/prefix with sluice-s3 on the class path, or unset it to keep artifacts under"
                + " the workspace");
    }
}
