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
 */
public record RunOptions(int workers, boolean failFast, Path home, boolean noCache, Optional<String> resumeFrom,
                         Optional<RunTrigger> trigger) {
    public RunOptions {
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(resumeFrom, "resumeFrom");
        Objects.requireNonNull(trigger, "trigger");
        if (workers < 1) throw new IllegalArgumentException("workers must be at least 1, got " + workers);
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

    public RunOptions withWorkers(int n) { return new RunOptions(n, failFast, home, noCache, resumeFrom, trigger); }

    public RunOptions withFailFast(boolean b) { return new RunOptions(workers, b, home, noCache, resumeFrom, trigger); }

    public RunOptions withNoCache(boolean b) { return new RunOptions(workers, failFast, home, b, resumeFrom, trigger); }

    public RunOptions withResume(String runId) { return new RunOptions(workers, failFast, home, noCache, Optional.of(runId), trigger); }

    public RunOptions withTrigger(RunTrigger t) { return new RunOptions(workers, failFast, home, noCache, resumeFrom, Optional.of(t)); }
}
