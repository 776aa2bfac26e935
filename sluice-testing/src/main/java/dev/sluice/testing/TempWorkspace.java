package dev.sluice.testing;

import dev.sluice.exec.LocalExecutor;
import dev.sluice.exec.RunListener;
import dev.sluice.exec.RunOptions;
import dev.sluice.exec.RunResult;
import dev.sluice.exec.Workspace;
import dev.sluice.pipeline.Pipeline;

import java.nio.file.Path;

/**
 * A workspace in a test's temporary folder, to run pipelines in as {@code sluice run} does: recorded, cached and
 * resumable, with the real store and SQLite metadata. Close it at the end of the test. Not thread-safe.
 *
 * <pre>{@code
 * try (TempWorkspace ws = TempWorkspace.in(tempDir)) {
 *     RunResult first = ws.run(pipeline);
 *     RunResult second = ws.run(pipeline);        // the same steps now come from the cache
 * }
 * }</pre>
 */
public final class TempWorkspace implements AutoCloseable {
    private final Workspace workspace;

    private TempWorkspace(Workspace workspace) {
        this.workspace = workspace;
    }

    /** Opens (creating it) a workspace in {@code dir/home}. */
    public static TempWorkspace in(Path dir) {
        return new TempWorkspace(Workspace.open(dir.resolve("home")));
    }

    /** The workspace, for what a test reads back: its metadata, store and registry. */
    public Workspace workspace() {
        return workspace;
    }

    /** Runs {@code pipeline} with the default options (a worker per CPU, the cache on) and waits for its end. */
    public RunResult run(Pipeline pipeline) {
        return run(pipeline, RunOptions.defaults(workspace.home()));
    }

    /** Runs {@code pipeline} with {@code options} (whose home must be this workspace's) and waits for its end. */
    public RunResult run(Pipeline pipeline, RunOptions options) {
        RunResult result = new LocalExecutor(options, workspace).run(pipeline, RunListener.NONE);
        workspace.metadata().writer().flush();   // what the run recorded is readable once it returns
        return result;
    }

    @Override
    public void close() {
        workspace.close();
    }
}
