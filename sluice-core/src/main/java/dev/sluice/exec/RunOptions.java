package dev.sluice.exec;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to run: parallelism, failure policy and where run folders go.
 *
 * @param workers  at most this many CPU slots in use at once (a step takes {@code resources.cpu} slots)
 * @param failFast cancel everything at the first failure instead of letting independent branches finish
 * @param home     Sluice's state folder ({@code .sluice} or {@code SLUICE_HOME}); runs go under {@code home/runs/}
 */
public record RunOptions(int workers, boolean failFast, Path home) {
    public RunOptions {
        Objects.requireNonNull(home, "home");
        if (workers < 1) throw new IllegalArgumentException("workers must be at least 1, got " + workers);
    }

    public static RunOptions defaults(Path home) {
        return new RunOptions(Runtime.getRuntime().availableProcessors(), false, home);
    }

    public RunOptions withWorkers(int n) { return new RunOptions(n, failFast, home); }

    public RunOptions withFailFast(boolean b) { return new RunOptions(workers, b, home); }
}
