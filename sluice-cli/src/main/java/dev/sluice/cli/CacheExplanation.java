package dev.sluice.cli;

import dev.sluice.api.StepStatus;
import dev.sluice.exec.Workspace;
import dev.sluice.meta.MetadataQueries;
import dev.sluice.meta.OutputRow;
import dev.sluice.meta.RunRow;
import dev.sluice.meta.StepRunRow;
import dev.sluice.store.Digest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Explains the cache decision of one step run from the metadata: a hit and its source; a step that never
 * started; a miss with no earlier step run, with the same key (the cache was off, or the cached outputs were
 * gone), or with a different key and the {@link CacheDiff} of the two. Not thread-safe (one per command).
 */
final class CacheExplanation {
    /** The decision ({@code hit}, {@code miss}, {@code cache_off}, {@code not_started}), a sentence, and the details. */
    record Explanation(String decision, String message, Optional<String> source, Optional<String> comparedWith,
                       List<CacheDiff.Change> changes) {}

    /** How many earlier step runs with the same key to look through for one that succeeded. */
    private static final int SAME_KEY_LOOKBACK = 50;

    private final Workspace ws;
    private final MetadataQueries queries;

    CacheExplanation(Workspace ws) {
        this.ws = ws;
        this.queries = ws.metadata().queries();
    }

    Explanation explain(RunRow run, StepRunRow row) {
        // a hit whose checks, evaluated again for this run, failed is recorded as failed with its source
        if (row.cacheSource().isPresent()) return hit(run, row, row.cacheSource().get());
        if (row.cacheKey().isEmpty()) {
            return new Explanation("not_started", "The step did not start, so there was no cache decision"
                    + row.error().map(e -> ": " + e).orElse(".") , Optional.empty(), Optional.empty(), List.of());
        }
        List<StepRunRow> earlier = queries.earlierStepRuns(run.pipelineName(), row.step(), row.started(), 1);
        if (earlier.isEmpty()) {
            return new Explanation("miss", "No earlier run of this step (in runs of pipeline " + run.pipelineName()
                    + "): there was nothing to reuse.", Optional.empty(), Optional.empty(), List.of());
        }
        StepRunRow before = earlier.getFirst();
        if (before.cacheKey().equals(row.cacheKey())) return sameKey(row, before);
        RunRow beforeRun = queries.run(before.runId()).orElse(run);
        Map<String, String> producedBefore = producers(beforeRun.id(), before);
        Map<String, String> producedNow = producers(run.id(), row);
        List<CacheDiff.Change> changes = new java.util.ArrayList<>(CacheDiff.pipelineParams(
                Inspection.parse(beforeRun.parametersJson()), Inspection.parse(run.parametersJson())));
        changes.addAll(CacheDiff.parts(Inspection.parse(before.cacheKeyPartsJson()), Inspection.parse(row.cacheKeyPartsJson()),
                id -> producedBefore.getOrDefault(id, producedNow.getOrDefault(id, NOT_PRODUCED)),
                id -> producedNow.getOrDefault(id, producedBefore.getOrDefault(id, NOT_PRODUCED))));
        String message = "Cache miss: compared with the most recent earlier run of this step, " + before.id()
                + " (" + before.state().label() + "), " + (changes.isEmpty()
                ? "the cache key parts read the same; the key format itself changed (a newer Sluice version)."
                : "these changed:");
        return new Explanation("miss", message, Optional.empty(), Optional.of(before.id()), changes);
    }

    private Explanation hit(RunRow run, StepRunRow row, String source) {
        String sourceRun = Inspection.runOf(source);
        boolean resumed = run.resumedFrom().filter(sourceRun::equals).isPresent();
        Optional<StepRunRow> src = queries.stepRuns(sourceRun).stream().filter(r -> r.id().equals(source)).findFirst();
        String when = src.flatMap(StepRunRow::ended).map(t -> ", finished " + Inspection.time(t)).orElse("");
        String message = "Cache hit: the outputs were reused from step run " + source + " (run " + sourceRun + when + ")"
                + (resumed ? ", the run this one resumes." : ", which had the same cache key "
                + row.cacheKey().map(Inspection::shortId).orElse("") + ".")
                + (row.state() == StepStatus.CACHED ? "" : " Its checks were evaluated again on the reused metrics for this run: "
                + row.error().orElse("see sluice show") + ".");
        return new Explanation("hit", message, Optional.of(source), Optional.empty(), List.of());
    }

    /** The step ran although an earlier step run had the same key: the cache was off, or that run's outputs are gone. */
    private Explanation sameKey(StepRunRow row, StepRunRow before) {
        Optional<StepRunRow> reusable = queries.earlierStepRuns(pipelineOf(before), row.step(),
                        row.started(), SAME_KEY_LOOKBACK).stream()
                .filter(r -> r.state() == StepStatus.SUCCEEDED && r.cacheKey().equals(row.cacheKey())).findFirst();
        if (reusable.isEmpty()) {
            return new Explanation("miss", "Cache miss: the earlier step run " + before.id() + " had the same cache key but "
                    + before.state().label() + ", and no step run with this key had succeeded: nothing to reuse.",
                    Optional.empty(), Optional.of(before.id()), List.of());
        }
        StepRunRow r = reusable.get();
        if (!allStored(r.outputs())) {
            return new Explanation("miss", "Cache miss: step run " + r.id() + " had the same cache key, but some of its"
                    + " outputs are no longer in the artifact store (deleted by 'sluice gc --delete' or by hand), so the"
                    + " step ran again.", Optional.empty(), Optional.of(r.id()), List.of());
        }
        return new Explanation("cache_off", "The cache was off for this step: step run " + r.id() + " had the same cache"
                + " key and its outputs are stored, but the step ran anyway (the run used --no-cache, or the step sets"
                + " cache: false).", Optional.empty(), Optional.of(r.id()), List.of());
    }

    private String pipelineOf(StepRunRow r) {
        return queries.run(r.runId()).map(RunRow::pipelineName).orElse("");
    }

    private boolean allStored(List<OutputRow> outputs) {
        for (OutputRow o : outputs) {
            try {
                if (!ws.store().contains(Digest.parse(o.artifactId()))) return false;
            } catch (RuntimeException e) {
                return false;
            }
        }
        return true;
    }

    private static final String NOT_PRODUCED = "not produced by a step of either run";

    /**
     * Artifact id to {@code from STEP.PORT in run R}, for the artifacts the step runs of run {@code runId} produced
     * before {@code consumer} started: the first producer of each, which is the one whose output the consumer read. A
     * later step that wrote the same bytes (evaluate's {@code best}, a copy of a model) is not its producer, nor is the
     * consumer itself.
     */
    Map<String, String> producers(String runId, StepRunRow consumer) {
        Map<String, String> byId = new HashMap<>();
        for (StepRunRow r : queries.stepRuns(runId)) {
            if (r.step().equals(consumer.step()) || r.started().isAfter(consumer.started())) continue;
            for (OutputRow o : r.outputs()) {
                byId.putIfAbsent(o.artifactId(), "from " + r.step() + "." + o.port() + " in run " + r.runId()
                        + r.cacheSource().map(c -> ", reused from run " + Inspection.runOf(c)).orElse(""));
            }
        }
        return byId;
    }

}
