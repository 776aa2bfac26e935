package dev.sluice.exec;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sluice.api.CheckResult;
import dev.sluice.api.StepStatus;
import dev.sluice.meta.MetaWrite;
import dev.sluice.meta.OutputRow;
import dev.sluice.pipeline.StepNode;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Makes the {@link StepRecord}s of one run's steps; {@link #NONE} makes none (a run without a workspace records
 * nothing, and its events carry no record). Stateless apart from the run id; thread-safe.
 */
class StepRecords {
    /** For runs that record nothing. */
    static final StepRecords NONE = new StepRecords("") {
        @Override Optional<StepRecord> started(StepNode node, int attempt, Optional<CacheKey> key, Map<String, Object> params,
                                               Instant at, Path log) { return Optional.empty(); }
        @Override Optional<StepRecord> finished(Optional<StepRecord> started, Ending e) { return Optional.empty(); }
        @Override Optional<StepRecord> ended(StepNode node, StepStatus status, String reason, Instant at) { return Optional.empty(); }
    };

    private final String runId;

    StepRecords(String runId) {
        this.runId = runId;
    }

    /**
     * How an attempt ended, for its record.
     *
     * @param inputIds    input port to the artifact ids it read, in order
     * @param outputIds   output port to artifact id (for a cache hit: the reused ones)
     * @param cacheSource for a cache hit, the step run it reused
     * @param stored      the artifacts its outputs were stored as (none for a cache hit or a failure)
     */
    record Ending(StepStatus status, Instant ended, Optional<String> error, Map<String, Double> metrics,
                  List<CheckResult> checks, Map<String, List<String>> inputIds, Map<String, String> outputIds,
                  Optional<String> cacheSource, Optional<Integer> exitCode, Journal.Stored stored) {}

    /** The record of an attempt that begins now (for a cache hit, one that begins and ends at once). */
    Optional<StepRecord> started(StepNode node, int attempt, Optional<CacheKey> key, Map<String, Object> params,
                                 Instant at, Path log) {
        Map<String, String> p = new LinkedHashMap<>();
        params.forEach((k, v) -> p.put(k, json(v)));
        return Optional.of(StepRecord.started(new MetaWrite.StepStarted(Journal.stepRunId(runId, node.name(), attempt), runId,
                node.name(), node.baseName(), attempt, at, key.map(CacheKey::key), key.map(CacheKey::partsJson).orElse("{}"),
                Optional.ofNullable(log).map(Path::toString), p)));
    }

    /** The record of an attempt that {@link #started} and ended as {@code e} says. */
    Optional<StepRecord> finished(Optional<StepRecord> started, Ending e) {
        if (started.isEmpty()) return Optional.empty();
        MetaWrite.StepStarted start = started.get().start();
        String id = start.stepRunId();
        List<MetaWrite.Consumed> consumed = new ArrayList<>();
        e.inputIds().forEach((port, list) -> {
            for (int i = 0; i < list.size(); i++) consumed.add(new MetaWrite.Consumed(id, port, i, list.get(i)));
        });
        List<OutputRow> outs = new ArrayList<>();
        e.outputIds().forEach((port, artifact) -> outs.add(new OutputRow(port, 0, artifact)));
        MetaWrite.StepFinished end = new MetaWrite.StepFinished(id, e.status(), e.ended(), e.exitCode(), e.error(), e.metrics(),
                e.checks(), outs, e.cacheSource());
        return Optional.of(new StepRecord(start, Optional.of(end), consumed, e.stored().artifacts(), e.stored().contents()));
    }

    /** A step that ended without an attempt of its own (skipped, blocked, cancelled before it started): attempt 0. */
    Optional<StepRecord> ended(StepNode node, StepStatus status, String reason, Instant at) {
        String id = Journal.stepRunId(runId, node.name(), 0);
        MetaWrite.StepStarted start = new MetaWrite.StepStarted(id, runId, node.name(), node.baseName(), 0, at, Optional.empty(),
                "{}", Optional.empty(), Map.of());
        MetaWrite.StepFinished end = new MetaWrite.StepFinished(id, status, at, Optional.empty(), Optional.ofNullable(reason),
                Map.of(), List.of(), List.of(), Optional.empty());
        return Optional.of(new StepRecord(start, Optional.of(end), List.of(), List.of(), List.of()));
    }

    static String json(Object v) {
        try {
            return CanonicalJson.write(v instanceof dev.sluice.pipeline.Template t ? t.source() : v);
        } catch (JsonProcessingException e) {
            return "\"" + v + "\"";
        }
    }
}
