package dev.sluice.exec;

/** A run in progress. Thread-safe. */
public interface RunHandle {
    String runId();

    /** Cancels running steps (killing command steps' process trees) and marks the rest cancelled. Idempotent. */
    void cancel();

    /** Waits for the run to end. */
    RunResult await();
}
