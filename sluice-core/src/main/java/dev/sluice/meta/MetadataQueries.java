package dev.sluice.meta;

import dev.sluice.api.RunStatus;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The read side used by {@code sluice runs}, {@code show}, {@code why} and the cache. Reads see what
 * has been committed: call {@link MetadataWriter#flush()} first to read your own writes.
 *
 * <p>Thread-safe; each call uses its own connection. A run stored as running is reported as
 * {@link RunStatus#INTERRUPTED} when its process is dead on this host, or when its last heartbeat (or
 * start, if none) is older than the store's heartbeat timeout and it ran on another host.
 */
public interface MetadataQueries {

    /** The newest runs first, at most {@code limit}. */
    List<RunRow> runs(int limit);

    /**
     * The run with this id, or the only run whose id starts with it. Throws {@link MetadataException}
     * listing the candidates when the prefix matches several runs, and one that says what a run id looks like when
     * the text cannot be one ({@link IdPrefix}; checked before any query).
     */
    Optional<RunRow> run(String idOrPrefix);

    /** The step runs of a run in the order they started, with params, metrics, checks and outputs. */
    List<StepRunRow> stepRuns(String runId);

    /**
     * The step runs of the newest {@code runs} runs of the pipeline named {@code pipelineName}: the newest run's
     * first, each run's in the order they started. What a run reads once to find its cache hits without a query each.
     */
    default List<StepRunRow> recentStepRuns(String pipelineName, int runs) {
        List<StepRunRow> rows = new java.util.ArrayList<>();
        runs(50).stream().filter(r -> r.pipelineName().equals(pipelineName)).limit(runs).forEach(r -> rows.addAll(stepRuns(r.id())));
        return rows;
    }

    /** The latest attempt of a step (instance name) in a run. */
    Optional<StepRunRow> stepRun(String runId, String step);

    /**
     * Every cache key that a succeeded step run has, or empty when there are more than {@code limit} of them.
     * Read once when a run starts, it spares a query per step for keys that cannot hit.
     */
    Optional<java.util.Set<String>> succeededCacheKeys(int limit);

    /** Cache lookup: the newest step run with this key that succeeded (cached step runs do not count). */
    Optional<StepRunRow> latestSucceeded(String cacheKey);

    /**
     * Earlier step runs of a step (instance name) that have a cache key, in runs of any pipeline with
     * this name, started before {@code before}; newest first, at most {@code limit}. For
     * {@code sluice why}: the step run a cache miss is compared with.
     */
    List<StepRunRow> earlierStepRuns(String pipelineName, String step, Instant before, int limit);

    /** The newest artifacts first, at most {@code limit}. */
    List<ArtifactRow> artifacts(int limit);

    /**
     * The artifact with this id or id prefix ({@code sha256:ab12} or just {@code ab12}, digits in either case).
     * Throws {@link MetadataException} when the prefix matches several artifacts, or cannot be an artifact id
     * ({@link IdPrefix}; checked before any query).
     */
    Optional<ArtifactRow> artifact(String idOrPrefix);

    /** What started a run that no person started (a drift alarm); empty for a run started by hand. */
    default Optional<RunTrigger> trigger(String runId) {
        return Optional.empty();
    }

    /** The sweeps of a run ({@code sweep:} steps), in the order they were recorded; empty for a run without one. */
    default List<SweepRow> sweeps(String runId) {
        return List.of();
    }

    /**
     * The steps of a run that ran after all its others, by instance name, with their phase ({@code finally} or
     * {@code on_failure}), in name order; empty for a run without any.
     */
    default java.util.Map<String, String> finalSteps(String runId) {
        return java.util.Map.of();
    }

    /** The runs whose trigger names this artifact (e.g. the retraining runs a drift report started), oldest first. */
    default List<String> runsTriggeredBy(String artifactId) {
        return List.of();
    }

    /** The bytes kept for a small file artifact (see {@link MetaWrite.ArtifactContent}), if any. */
    Optional<byte[]> artifactContent(String artifactId);
}
