package dev.sluice.engine;

import java.util.Set;

/**
 * Makes a {@link StepEngine}; found through {@link java.util.ServiceLoader} (a {@code META-INF/services} entry), so the
 * executor needs no compile-time dependency on any engine. Implementations must be cheap to construct: opening is what
 * may take seconds. Thread-safe.
 */
public interface StepEngineProvider {
    /** The engine's name, one of {@link Engines#NAMES}. */
    String name();

    /** The components whose steps it runs; a step of another component stays on the driver. */
    Set<String> components();

    /** Opens the engine (starts or connects to its cluster); called once per process and settings. */
    StepEngine open(EngineSettings settings);
}
