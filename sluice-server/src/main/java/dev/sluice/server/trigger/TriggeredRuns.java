package dev.sluice.server.trigger;

import dev.sluice.meta.RunTrigger;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.pipeline.PipelineSpec;
import dev.sluice.pipeline.TriggerSpec;
import dev.sluice.server.catalog.PipelineCatalog;
import dev.sluice.server.catalog.PipelineVersion;
import dev.sluice.server.queue.QueueEntry;
import dev.sluice.server.queue.QueueWorker;
import dev.sluice.server.queue.RunQueue;
import dev.sluice.server.queue.Submission;
import dev.sluice.server.sql.Sql;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Queues the runs triggers start: the pipeline's latest version, parameters validated as {@code POST /api/v1/runs}
 * validates them (types and bounds of {@code params:}), once per cause ({@link RunQueue#submitOnce}), with the cause
 * recorded. Each {@code take...} makes the cause's unique row of migration 004. Thread-safe.
 */
public final class TriggeredRuns {
    private final PipelineCatalog catalog;
    private final RunQueue queue;
    private final QueueWorker worker;
    private final TriggerStates states;

    public TriggeredRuns(PipelineCatalog catalog, RunQueue queue, QueueWorker worker, TriggerStates states) {
        this.catalog = catalog;
        this.queue = queue;
        this.worker = worker;
        this.states = states;
    }

    /** Which triggers are paused. */
    public TriggerStates states() {
        return states;
    }

    /** A registered pipeline's latest version and the trigger of that name and type in it. */
    public record Found<T extends TriggerSpec>(PipelineVersion version, T trigger) {}

    /** The latest version of {@code pipeline} and its trigger {@code name} of type {@code type}, if both exist. */
    public <T extends TriggerSpec> Optional<Found<T>> find(String pipeline, String name, Class<T> type) {
        return catalog.latest().stream().filter(v -> v.name().equals(pipeline)).findFirst().flatMap(v ->
                catalog.spec(v).triggers().stream().filter(t -> t.name().equals(name) && type.isInstance(t))
                        .findFirst().map(t -> new Found<>(v, type.cast(t))));
    }

    /** Every registered pipeline's latest version with its triggers of type {@code type}. */
    public <T extends TriggerSpec> List<Found<T>> all(Class<T> type) {
        return catalog.latest().stream().flatMap(v -> {
            PipelineSpec spec = catalog.spec(v);
            return spec.triggers().stream().filter(type::isInstance).map(t -> new Found<>(v, type.cast(t)));
        }).toList();
    }

    /** The spec of a version (cached by the catalog). */
    public PipelineSpec spec(PipelineVersion v) {
        return catalog.spec(v);
    }

    /**
     * Queues a run of {@code v} with {@code params} unless {@code once} finds its cause seen.
     *
     * @throws dev.sluice.api.DefinitionException when the parameters do not fit the pipeline's {@code params:}
     * @throws dev.sluice.server.queue.QueueException when the pipeline's concurrency policy skips it
     */
    public Optional<QueueEntry> queue(PipelineVersion v, Map<String, String> params, RunTrigger cause, String by,
                                      RunQueue.Once once) {
        Pipeline pipeline = catalog.definitions().validate(catalog.spec(v), params);
        Optional<QueueEntry> e = queue.submitOnce(new Submission(v, params, false, Optional.empty(), 0,
                pipeline.concurrency(), by), cause, once);
        if (e.isPresent()) worker.wake();
        return e;
    }

    /** The unique row of a webhook delivery: a second delivery of the same id, or of the same signature, finds it. */
    public static RunQueue.Once delivery(String pipeline, String trigger, String deliveryId, String signature) {
        return (c, runId) -> Sql.update(c, "INSERT INTO server_hook_deliveries (pipeline, trigger_name, delivery_id,"
                + " signature, received_at, run_id) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", pipeline, trigger,
                deliveryId, signature, System.currentTimeMillis(), runId) == 1;
    }

    /** The unique row of a data file's content. */
    public static RunQueue.Once dataFile(String pipeline, String trigger, String digest, String path) {
        return (c, runId) -> Sql.update(c, "INSERT INTO server_data_files (pipeline, trigger_name, digest, path, seen_at,"
                + " run_id) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", pipeline, trigger, digest, path,
                System.currentTimeMillis(), runId) == 1;
    }

    /** The unique row of an upstream run followed by a trigger. */
    public static RunQueue.Once upstreamRun(String pipeline, String trigger, String upstreamRun) {
        return (c, runId) -> Sql.update(c, "INSERT INTO server_upstream_runs (pipeline, trigger_name, upstream_run,"
                + " queued_at, run_id) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", pipeline, trigger, upstreamRun,
                System.currentTimeMillis(), runId) == 1;
    }
}
