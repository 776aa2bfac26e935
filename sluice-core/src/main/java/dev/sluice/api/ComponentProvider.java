package dev.sluice.api;

import java.util.List;

/**
 * Contributes components under short names. Modules register theirs through
 * {@code META-INF/services/dev.sluice.api.ComponentProvider}; the registry finds them with
 * {@link java.util.ServiceLoader}.
 */
@FunctionalInterface
public interface ComponentProvider {
    List<Component> components();
}
