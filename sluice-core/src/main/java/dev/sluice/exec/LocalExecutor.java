package dev.sluice.exec;

import dev.sluice.pipeline.Pipeline;

import java.util.Objects;
import java.util.Optional;

/**
 * Runs pipelines on this machine: ready steps run in parallel on a pool of {@link RunOptions#workers()} daemon
 * threads ({@code sluice-worker-N}, at most that many per run, shared by the process's runs), a step taking
 * {@code cpu} slots (clamped to the pool);
 * command steps run as child processes (see {@link CommandRunner} for the contract).
 *
 * <p>Each run gets a folder {@code <home>/runs/<runId>/} with one folder per step that writes anything,
 * {@code steps/<step>/}: {@code log.txt}, {@code work/} and (Java steps) {@code outputs/<name>/}. In a workspace,
 * where outputs move into the store as soon as the step returns, a Java step's output file of a plain name is
 * written to {@code outputs/<step>@<attempt>-<port>-<name>} instead, and needs no folder of its own.
 *
 * <p>Listeners are called synchronously on executor threads; what they throw is logged and ignored.
 * Thread-safe: one executor may run several pipelines at once.
 *
 * <pre>{@code
 * RunResult r = new LocalExecutor(RunOptions.defaults(home)).run(pipeline, RunListener.NONE);
 * }</pre>
 */
public final class LocalExecutor {
    private final RunOptions options;
    private final Optional<Workspace> workspace;

    /** An executor that keeps run folders but records nothing and caches nothing. */
    public LocalExecutor(RunOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.workspace = Optional.empty();
    }

    /** An executor that records every run in the workspace, reuses unchanged steps and can resume runs. */
    public LocalExecutor(RunOptions options, Workspace workspace) {
        this.options = Objects.requireNonNull(options, "options");
        this.workspace = Optional.of(workspace);
    }

    /** Starts a run and returns at once; the handle cancels it or waits for it. */
    public RunHandle start(Pipeline pipeline, RunListener listener) {
        EngineChoice.check(pipeline);   // before the run's folder exists
        return start(pipeline, listener, RunFolder.create(options.home()));
    }

    /**
     * Starts a run under an id reserved beforehand (a run {@code sluice server} queued, whose id its callers already
     * have) and returns at once. The id must look like the ids Sluice makes ({@code 20261127-041502-3fa2}); its run
     * folder is created if missing.
     *
     * @throws IllegalArgumentException for an id that is not a run id (it would name a folder outside {@code runs/})
     */
    public RunHandle start(Pipeline pipeline, RunListener listener, String runId) {
        EngineChoice.check(pipeline);
        return start(pipeline, listener, RunFolder.named(options.home(), runId));
    }

    private RunHandle start(Pipeline pipeline, RunListener listener, RunFolder folder) {
        pipeline.requireRunnable();
        ProcessRecords.sweep(options.home()); // what runs of this home killed with their Sluice process left running
        RunPlan plan = new RunPlan(pipeline, options.workers());
        RunListener given = listener == null ? RunListener.NONE : listener;
        Journal journal = workspace.<Journal>map(ws -> new DurableJournal(ws, pipeline, options.noCache(), options.resumeFrom()))
                .orElse(Journal.NONE);
        StepRecords records = workspace.isPresent() ? new StepRecords(folder.runId()) : StepRecords.NONE;
        Optional<RunRecorder> recorder = workspace.map(ws -> new RunRecorder(ws, pipeline, options));
        RunListener all = recorder.<RunListener>map(r -> r.and(given)).orElse(given);
        Dispatcher run = new Dispatcher(plan, options, all, folder, journal, records);
        WarmUps.start(pipeline);
        run.start();
        return recorder.<RunHandle>map(r -> new Recorded(run, r)).orElse(run);
    }

    /** A recorded run: one whose records could not all be committed ends failed, as its record says. */
    private record Recorded(RunHandle run, RunRecorder recorder) implements RunHandle {
        @Override
        public String runId() {
            return run.runId();
        }

        @Override
        public void cancel() {
            run.cancel();
        }

        @Override
        public void killProcesses() {
            run.killProcesses();
        }

        @Override
        public RunResult await() {
            RunResult r = run.await();
            if (recorder.unrecorded().isEmpty() || r.status() == dev.sluice.api.RunStatus.FAILED) return r;
            return new RunResult(r.runId(), r.pipeline(), dev.sluice.api.RunStatus.FAILED, r.duration(), r.steps(), r.runDir());
        }
    }

    /** Runs to the end and returns the result. */
    public RunResult run(Pipeline pipeline, RunListener listener) {
        return start(pipeline, listener).await();
    }
}
