package dev.sluice.exec;

/** A run in progress. Thread-safe. */
public interface RunHandle {
    String runId();

    /** Cancels running steps (killing command steps' process trees) and marks the rest cancelled. Idempotent. */
    void cancel();

    /**
     * Kills the processes of the command steps running now, at once and without recording anything: for a process
     * about to exit without finishing the run (a second Ctrl-C), so that nothing it started outlives it. The run then
     * reads as interrupted, and can be resumed.
     */
    void killProcesses();

    /** Waits for the run to end. */
    RunResult await();
}
