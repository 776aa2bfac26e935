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

    /**
     * True when its engine runs the ready instances of one {@code matrix:} step of this component (or of a sweep that does
     * not learn) as one piece of work ({@link StepEngine#runGroup}); false (the default) has each instance handed over
     * on its own.
     */
    default boolean runsGroups(String component) {
        return false;
    }

    /** Opens the engine (starts or connects to its cluster); called once per process and settings. */
    StepEngine open(EngineSettings settings);
}
