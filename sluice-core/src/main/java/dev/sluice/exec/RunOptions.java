package dev.sluice.exec;

import dev.sluice.meta.RunTrigger;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How to run: parallelism, failure policy and where run folders go.
 *
 * @param workers  at most this many CPU slots in use at once (a step takes {@code resources.cpu} slots)
 * @param failFast cancel everything at the first failure instead of letting independent branches finish
 * @param home       Sluice's state folder ({@code .sluice} or {@code SLUICE_HOME}); runs go under {@code home/runs/}
 * @param noCache    run every step even when an earlier run has its results (they are still recorded)
 * @param resumeFrom a run whose succeeded steps are reused when unchanged ({@code --resume RUN_ID})
 * @param trigger    what started the run when no person did (a drift alarm), recorded with it for lineage
 * @param finallyGrace how long the steps of {@code finally:} and {@code on_failure:} may take once a cancelled run
 *                   starts them (or once a run is cancelled while they run); those still running then are cancelled
 */
public record RunOptions(int workers, boolean failFast, Path home, boolean noCache, Optional<String> resumeFrom,
                         Optional<RunTrigger> trigger, java.time.Duration finallyGrace,
                         Optional<dev.sluice.engine.EngineSettings> engine) {
    /** The default {@link #finallyGrace}. */
    public static final java.time.Duration FINALLY_GRACE = java.time.Duration.ofSeconds(30);

    public RunOptions {
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(resumeFrom, "resumeFrom");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(finallyGrace, "finallyGrace");
        engine = engine == null ? Optional.empty() : engine;
        if (workers < 1) throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        if (finallyGrace.isNegative()) throw new IllegalArgumentException("finallyGrace must not be negative");
    }

    /** Options whose steps run where the pipeline says ({@code engine:}, else locally). */
    public RunOptions(int workers, boolean failFast, Path home, boolean noCache, Optional<String> resumeFrom,
                      Optional<RunTrigger> trigger, java.time.Duration finallyGrace) {
        this(workers, failFast, home, noCache, resumeFrom, trigger, finallyGrace, Optional.empty());
    }

    public RunOptions(int workers, boolean failFast, Path home, boolean noCache, Optional<String> resumeFrom,
                      Optional<RunTrigger> trigger) {
        this(workers, failFast, home, noCache, resumeFrom, trigger, FINALLY_GRACE);
    }

    public RunOptions(int workers, boolean failFast, Path home, boolean noCache, Optional<String> resumeFrom) {
        this(workers, failFast, home, noCache, resumeFrom, Optional.empty());
    }

    public RunOptions(int workers, boolean failFast, Path home) {
        this(workers, failFast, home, false, Optional.empty());
    }

    public static RunOptions defaults(Path home) {
        return new RunOptions(Runtime.getRuntime().availableProcessors(), false, home);
    }

    public RunOptions withWorkers(int n) { return new RunOptions(n, failFast, home, noCache, resumeFrom, trigger, finallyGrace, engine); }

    public RunOptions withFailFast(boolean b) { return new RunOptions(workers, b, home, noCache, resumeFrom, trigger, finallyGrace, engine); }

    public RunOptions withNoCache(boolean b) { return new RunOptions(workers, failFast, home, b, resumeFrom, trigger, finallyGrace, engine); }

    public RunOptions withResume(String runId) { return new RunOptions(workers, failFast, home, noCache, Optional.of(runId), trigger, finallyGrace, engine); }

    public RunOptions withTrigger(RunTrigger t) { return new RunOptions(workers, failFast, home, noCache, resumeFrom, Optional.of(t), finallyGrace, engine); }

    /** How long steps of {@code finally:} and {@code on_failure:} may still run once the run is cancelled. */
    public RunOptions withFinallyGrace(java.time.Duration d) {
        return new RunOptions(workers, failFast, home, noCache, resumeFrom, trigger, d, engine);
    }

    /**
     * The engine the command line chose ({@code --engine spark --master local[2]}): it runs the capable steps that do
     * not choose one themselves ({@code engine:} of a step), over the pipeline's own {@code engine:}.
     */
    public RunOptions withEngine(dev.sluice.engine.EngineSettings e) {
        return new RunOptions(workers, failFast, home, noCache, resumeFrom, trigger, finallyGrace, Optional.of(e));
    }
}
