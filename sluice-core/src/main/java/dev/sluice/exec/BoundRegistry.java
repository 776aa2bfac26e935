package dev.sluice.exec;

import dev.sluice.api.ModelRegistry;
import dev.sluice.api.ModelVersion;

import java.util.List;
import java.util.Optional;

/** The registry as a step sees it: versions it registers are attributed to its step run. Thread-safe. */
record BoundRegistry(ModelRegistry registry, String stepRunId) implements ModelRegistry {
    @Override
    public ModelVersion register(String name, String artifactId, Optional<String> ignored, List<String> aliases) {
        return registry.register(name, artifactId, Optional.of(stepRunId), aliases);
    }

    @Override
    public ModelVersion alias(String name, int version, String alias) {
        return registry.alias(name, version, alias);
    }

    @Override
    public List<ModelVersion> versions(String name) {
        return registry.versions(name);
    }

    @Override
    public List<ModelVersion> latest() {
        return registry.latest();
    }

    @Override
    public Optional<ModelVersion> resolve(String reference) {
        return registry.resolve(reference);
    }
}
