package dev.sluice.exec;

import dev.sluice.api.CheckResult;
import dev.sluice.meta.MetaWrite;
import dev.sluice.pipeline.StepNode;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a run needs from its workspace while it runs, synchronously: cache keys and lookups, moving outputs into the
 * artifact store, and the workspace's models and artifacts for the steps that read them. Recording what happened is
 * not its job: a {@link RunRecorder} listens to the run's events. {@link #NONE} keeps nothing (a run without a
 * {@link Workspace}). Implementations are thread-safe and never wait on the metadata database's disk.
 */
interface Journal {
    /**
     * The artifacts of a step's outputs: where they are (store paths or values), their ids, and, for outputs stored
     * just now, their records (and the bytes of the small files among them) for the step's {@link StepRecord}.
     */
    record Stored(Map<String, Object> outputs, Map<String, String> ids, List<MetaWrite.ArtifactStored> artifacts,
                  List<MetaWrite.ArtifactContent> contents) {
        /** Artifacts stored before (a cache hit's). */
        Stored(Map<String, Object> outputs, Map<String, String> ids) {
            this(outputs, ids, List.of(), List.of());
        }
    }

    /** A step's results found in an earlier run. */
    record Hit(Stored outputs, Map<String, Double> metrics, List<CheckResult> checks, String sourceStepRun, String sourceRun) {
        /** The same hit with the checks this run evaluated on its metrics. */
        Hit withChecks(List<CheckResult> evaluated) {
            return new Hit(outputs, metrics, evaluated, sourceStepRun, sourceRun);
        }
    }

    /**
     * Whether {@link #ingest} moves file outputs into a store: then a Java step's output files are written straight
     * into the run's staging folder ({@code <run>/outputs/}) rather than into folders of their own, which the move
     * would leave empty.
     */
    default boolean movesOutputs() {
        return false;
    }

    /** The workspace's model registry, for steps that register models. */
    default Optional<dev.sluice.api.ModelRegistry> models() {
        return Optional.empty();
    }

    /** Where the decisions on approve steps are kept; empty for a run that records nothing. */
    default Optional<dev.sluice.meta.StepApprovals> approvals() {
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

    Journal NONE = new Journal() {
        @Override public Optional<CacheKey> key(StepNode node, Map<String, Object> params, Map<String, List<String>> inputIds) { return Optional.empty(); }
        @Override public Optional<Hit> lookup(StepNode node, CacheKey key) { return Optional.empty(); }
        @Override public Stored ingest(StepNode node, Map<String, Object> outputs) { return new Stored(outputs, Map.of()); }
    };

    /** {@code <run>/<step>#<attempt>}: unique per attempt, readable in {@code sluice show}. */
    static String stepRunId(String runId, String step, int attempt) {
        return runId + "/" + step + "#" + attempt;
    }
}
