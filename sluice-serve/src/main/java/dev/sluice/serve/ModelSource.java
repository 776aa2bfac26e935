package dev.sluice.serve;

import dev.sluice.api.ModelRegistry;
import dev.sluice.api.ModelVersion;
import dev.sluice.store.ArtifactStore;
import dev.sluice.store.ContentDigest;
import dev.sluice.store.Digest;
import dev.sluice.store.StoreException;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the {@link ModelCatalog} finds what it serves: which version a reference names, and the folder of that
 * version's model artifact. The server reads the workspace's registry and store, and checks every folder against its
 * artifact digest before it is loaded, so a model whose files were changed in the store after it was registered is
 * never served under the registered id; the {@link CanaryComponent}'s sandbox serves one candidate folder that is not
 * promoted anywhere (a step input the executor handed over). Implementations are thread-safe.
 */
interface ModelSource {
    /** The version {@code name@alias} (or {@code name@3}) names now. */
    Optional<ModelVersion> resolve(String reference);

    /**
     * The model folder of {@code version}, resolved from {@code ref}.
     *
     * @throws IllegalStateException naming the version, its artifact and what to do, when the folder is not in the
     *                               store, cannot be read, or is not the registered content
     */
    Path folder(ModelRef ref, ModelVersion version);

    /** The registry and the artifact store of a workspace; folders are verified against their digests. */
    static ModelSource of(ModelRegistry registry, ArtifactStore store) {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(store, "store");
        return new ModelSource() {
            @Override
            public Optional<ModelVersion> resolve(String reference) {
                return registry.resolve(reference);
            }

            @Override
            public Path folder(ModelRef ref, ModelVersion version) {
                String what = version + " (artifact " + version.artifactId() + ")";
                try {
                    Digest digest = Digest.parse(version.artifactId());
                    Path dir = store.path(digest).orElseThrow(() -> unusable(ref, what + " is not in the artifact store"
                            + " (was it deleted by `sluice gc --delete`?)"));
                    if (!ContentDigest.of(dir).equals(digest)) {
                        throw unusable(ref, "the files of " + what + " in the store are not the ones registered: a file was"
                                + " changed, added or removed since, so it is not loaded");
                    }
                    return dir;
                } catch (StoreException | IllegalArgumentException e) {
                    throw unusable(ref, what + " cannot be read from the store: " + e.getMessage());
                }
            }
        };
    }

    /** {@code problem}, then what to do: retrain, or serve another version. */
    private static IllegalStateException unusable(ModelRef ref, String problem) {
        String other = ref.alias().chars().allMatch(Character::isDigit)
                ? "sluice serve " + ref.name() + "@VERSION"
                : "sluice promote " + ref.name() + " VERSION --alias " + ref.alias();
        return new IllegalStateException(problem + ". Retrain it (re-run the pipeline that registered it, with --no-cache),"
                + " or serve another version: " + other);
    }

    /** One version with its folder, answering to {@code ref} only. */
    static ModelSource single(ModelRef ref, ModelVersion version, Path folder) {
        return new ModelSource() {
            @Override
            public Optional<ModelVersion> resolve(String reference) {
                return reference.equals(ref.toString()) ? Optional.of(version) : Optional.empty();
            }

            @Override
            public Path folder(ModelRef r, ModelVersion v) {
                if (!v.equals(version)) throw new IllegalStateException(v + " is not the sandbox's model " + version);
                return folder;
            }
        };
    }
}
