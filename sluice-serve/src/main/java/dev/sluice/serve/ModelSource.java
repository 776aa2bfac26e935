package dev.sluice.serve;

import dev.sluice.api.ModelRegistry;
import dev.sluice.api.ModelVersion;
import dev.sluice.store.ArtifactStore;
import dev.sluice.store.Digest;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the {@link ModelCatalog} finds what it serves: which version a reference names, and the folder of that
 * version's model artifact. The server reads the workspace's registry and store; the {@link CanaryComponent}'s
 * sandbox serves one candidate folder that is not promoted anywhere. Implementations are thread-safe.
 */
interface ModelSource {
    /** The version {@code name@alias} (or {@code name@3}) names now. */
    Optional<ModelVersion> resolve(String reference);

    /** The model folder of a resolved version; empty when its artifact is gone. */
    Optional<Path> folder(ModelVersion version);

    /** The registry and the artifact store of a workspace. */
    static ModelSource of(ModelRegistry registry, ArtifactStore store) {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(store, "store");
        return new ModelSource() {
            @Override
            public Optional<ModelVersion> resolve(String reference) {
                return registry.resolve(reference);
            }

            @Override
            public Optional<Path> folder(ModelVersion version) {
                return store.path(Digest.parse(version.artifactId()));
            }
        };
    }

    /** One version with its folder, answering to {@code ref} only. */
    static ModelSource single(ModelRef ref, ModelVersion version, Path folder) {
        return new ModelSource() {
            @Override
            public Optional<ModelVersion> resolve(String reference) {
                return reference.equals(ref.toString()) ? Optional.of(version) : Optional.empty();
            }

            @Override
            public Optional<Path> folder(ModelVersion v) {
                return v.equals(version) ? Optional.of(folder) : Optional.empty();
            }
        };
    }
}
