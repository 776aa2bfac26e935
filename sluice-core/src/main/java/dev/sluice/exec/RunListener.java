package dev.sluice.exec;

/**
 * Receives {@link RunEvent}s. Called on executor threads, possibly concurrently: implementations
 * must be thread-safe, fast (they sit on the dispatch path) and must not throw.
 */
@FunctionalInterface
public interface RunListener {
    RunListener NONE = e -> { };

    void onEvent(RunEvent event);

    /** A listener that forwards to both, this one first. */
    default RunListener and(RunListener other) {
        return e -> {
            onEvent(e);
            other.onEvent(e);
        };
    }
}
