package dev.sluice.serve;

import dev.sluice.api.Component;
import dev.sluice.api.ComponentProvider;

import java.util.List;

/**
 * Registers the serving components ({@code canary}) through {@code META-INF/services/dev.sluice.api.ComponentProvider},
 * so pipelines find them by short name whenever {@code sluice-serve} is on the class path. Stateless and thread-safe.
 */
public final class ServeComponents implements ComponentProvider {
    @Override
    public List<Component> components() {
        return List.of(new CanaryComponent());
    }
}
