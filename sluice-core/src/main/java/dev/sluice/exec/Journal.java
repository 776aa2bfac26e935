package dev.sluice.exec;

import dev.sluice.api.CheckResult;

import dev.sluice.api.StepStatus;
import dev.sluice.api.RunStatus;

import dev.sluice.pipeline.Pipeline;
import dev.sluice.pipeline.StepNode;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The durable side of a run, called by the executor at each step's turning points: cache keys and lookups,
 * moving outputs into the artifact store, and recording runs, step runs, metrics, checks and lineage.
 * {@link #NONE} keeps nothing (a run without a {@link Workspace}). Implementations are thread-safe and never
 * block on disk on the dispatch path (metadata is group-committed).
 */
interface Journal {
    /** The artifacts of a step's outputs: where they are (store paths or values) and their ids. */
    record Stored(Map<String, Object> outputs, Map<String, String> ids) {}

    /** A step's results found in an earlier run. */
    record Hit(Stored outputs, Map<String, Double> metrics, List<CheckResult> checks, String sourceStepRun, String sourceRun) {
        /** The same hit with the checks this run evaluated on its metrics. */
        Hit withChecks(List<CheckResult> evaluated) {
            return new Hit(outputs, metrics, evaluated, sourceStepRun, sourceRun);
        }
    }

    void runStarted(String runId, Pipeline pipeline, Instant at);

    /** The workspace's model registry, for steps that register models. */
    default Optional<dev.sluice.api.ModelRegistry> models() {
        return Optional.empty();
    }

    /** The store path of an artifact of the workspace, for steps that read registered models. */
    default Optional<Path> storedArtifact(String artifactId) {
        return Optional.empty();
    }

    /**
     * A stored file (a path this journal handed out) whose content a step changed in place: it leaves the store, so
     * that what reads it next finds it missing and it is computed again. False when the path is not a stored file.
     */
    default boolean damaged(Path storedFile) {
        return false;
    }

    Optional<CacheKey> key(StepNode node, Map<String, Object> params, Map<String, List<String>> inputIds);

    Optional<Hit> lookup(StepNode node, CacheKey key);

    void stepStarted(String runId, StepNode node, int attempt, Optional<CacheKey> key, Map<String, Object> params,
                     Instant at, Path log);

    /**
     * After a step failed: whether an input it read no longer matches its digest (damaged in the store, so the
     * failure may be the damage, not the step), as a sentence that says what the store did about it and what to do.
     * Reads every input whole; called only for failures. Empty when every input is intact.
     */
    default Optional<String> damagedInput(Map<String, List<String>> inputIds) {
        return Optional.empty();
    }

    /** Moves a successful step's outputs into the store. */
    Stored ingest(StepNode node, Map<String, Object> outputs);

    void stepFinished(String runId, StepNode node, int attempt, StepResultData data);

    /** A step that ended without an attempt of its own: skipped, blocked or cancelled before it started. */
    void stepEnded(String runId, StepNode node, StepStatus status, String reason, Instant at);

    /** Records the run's end and makes everything durable. */
    void runFinished(String runId, RunStatus status, Instant at);

    /**
     * What a step attempt left: its final status and results, what it read and wrote, and for a cache hit
     * the step run it came from.
     */
    record StepResultData(StepStatus status, Instant ended, Optional<String> error, Map<String, Double> metrics,
                          List<CheckResult> checks, Map<String, List<String>> inputIds, Map<String, String> outputIds,
                          Optional<String> cacheSource, Optional<Integer> exitCode) {}

    Journal NONE = new Journal() {
        @Override public void runStarted(String runId, Pipeline pipeline, Instant at) { }
        @Override public Optional<CacheKey> key(StepNode node, Map<String, Object> params, Map<String, List<String>> inputIds) { return Optional.empty(); }
        @Override public Optional<Hit> lookup(StepNode node, CacheKey key) { return Optional.empty(); }
        @Override public void stepStarted(String runId, StepNode node, int attempt, Optional<CacheKey> key, Map<String, Object> params, Instant at, Path log) { }
        @Override public Stored ingest(StepNode node, Map<String, Object> outputs) { return new Stored(outputs, Map.of()); }
        @Override public void stepFinished(String runId, StepNode node, int attempt, StepResultData data) { }
        @Override public void stepEnded(String runId, StepNode node, StepStatus status, String reason, Instant at) { }
        @Override public void runFinished(String runId, RunStatus status, Instant at) { }
    };

    /** {@code <run>/<step>#<attempt>}: unique per attempt, readable in {@code sluice show}. */
    static String stepRunId(String runId, String step, int attempt) {
        return runId + "/" + step + "#" + attempt;
    }
}
