package dev.sluice.exec;

import dev.sluice.pipeline.Pipeline;

/**
 * Runs pipelines on this machine. Thread-safe: one executor may run several pipelines at once.
 */
public final class LocalExecutor {
    private final RunOptions options;

    public LocalExecutor(RunOptions options) {
        this.options = options;
    }

    /** Starts a run and returns at once; the handle cancels it or waits for it. */
    public RunHandle start(Pipeline pipeline, RunListener listener) {
        throw new UnsupportedOperationException("TODO " + options);
    }

    /** Runs to the end and returns the result. */
    public RunResult run(Pipeline pipeline, RunListener listener) {
        return start(pipeline, listener).await();
    }
}
