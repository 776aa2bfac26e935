package dev.sluice.server.serving;

import dev.sluice.meta.RunTrigger;
import dev.sluice.monitor.PipelineRetrainer;
import dev.sluice.monitor.RetrainTrigger;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.server.api.ServerContext;
import dev.sluice.server.catalog.PipelineVersion;
import dev.sluice.server.queue.QueueEntry;
import dev.sluice.server.queue.Submission;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * A {@link RetrainTrigger.Retrainer} that queues the retraining run in the server's {@code RunQueue}, so it is claimed,
 * run, recorded, listed and streamed like every other run: the newest registered version of the pipeline, with
 * {@code -p data=<the window>} ({@link PipelineRetrainer#DATA_PARAM}, the same contract as {@code sluice monitor
 * --retrain}), its cause ({@code drift} + the report's artifact id) in {@code run_triggers} from the moment it is
 * queued, and an audit entry. It then waits for the run to end (reading its queue entry every {@code poll}), since the
 * trigger's policy keeps one run in flight. A drift run of the same pipeline that is queued or running already (queued
 * before a restart, or by another server on the database) is waited for instead of queuing a second one. Thread-safe.
 */
final class QueueRetrainer implements RetrainTrigger.Retrainer {
    /** Who the queue and the audit log say submitted a drift run. */
    static final String SUBMITTER = "drift-monitor";

    private final ServerContext ctx;
    private final String pipeline;
    private final String served;
    private final Duration poll;
    private final BiConsumer<String, Boolean> queued;
    private volatile boolean stopped;

    /** @param queued told the run id as soon as the run is queued, and whether it was queued already (adopted) */
    QueueRetrainer(ServerContext ctx, String pipeline, String served, Duration poll, BiConsumer<String, Boolean> queued) {
        this.ctx = ctx;
        this.pipeline = pipeline;
        this.served = served;
        this.poll = poll;
        this.queued = queued;
    }

    @Override
    public RetrainTrigger.RunSummary retrain(RetrainTrigger.Alarm alarm) throws InterruptedException {
        PipelineVersion v = ctx.catalog().latest().stream().filter(p -> p.name().equals(pipeline)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the retraining pipeline '" + pipeline + "' of " + served
                        + " is not registered on this server; add its folder with --pipelines or register it"
                        + " (POST /api/v1/pipelines), or serve the model with another retrain="));
        if (!ctx.worker().accepting()) throw new IllegalStateException("the server is stopping and queues no runs");
        Optional<String> going = goingDriftRun();
        if (going.isPresent()) {
            queued.accept(going.get(), true);
            return await(going.get());
        }
        Map<String, String> params = Map.of(PipelineRetrainer.DATA_PARAM, alarm.window().toAbsolutePath().toString());
        Pipeline p = ctx.catalog().definitions().validate(ctx.catalog().spec(v), params);
        RunTrigger cause = new RunTrigger(RunTrigger.DRIFT, alarm.reportArtifact(), alarm.describe());
        QueueEntry e = ctx.queue().submit(new Submission(v, params, false, Optional.empty(), 0, p.concurrency(), SUBMITTER), cause);
        ctx.worker().wake();
        ctx.audit().append(SUBMITTER, "run.start", e.runId(), "allowed", 201, "queued run " + e.runId() + " of " + v.name()
                + " version " + v.shortDigest() + " on drift of " + served + ": " + alarm.describe()
                + alarm.reportArtifact().map(a -> ", report " + a).orElse(""));
        queued.accept(e.runId(), false);
        return await(e.runId());
    }

    /** The oldest drift run of the pipeline queued or running now, by any server of the database. */
    private Optional<String> goingDriftRun() {
        return ctx.workspace().metadata().sql().read(c -> dev.sluice.server.sql.Sql.first(c, "SELECT q.run_id FROM server_queue q"
                + " JOIN run_triggers t ON t.run_id = q.run_id WHERE q.pipeline = ? AND q.state IN ('queued', 'running')"
                + " AND t.kind = ? ORDER BY q.queued_at, q.run_id", rs -> rs.getString(1), pipeline, RunTrigger.DRIFT));
    }

    private RetrainTrigger.RunSummary await(String runId) throws InterruptedException {
        while (!stopped) {
            Optional<QueueEntry> now = ctx.queue().entry(runId);
            if (now.isEmpty()) return new RetrainTrigger.RunSummary(runId, false); // deleted meanwhile
            if (QueueEntry.DONE.equals(now.get().state())) {
                return new RetrainTrigger.RunSummary(runId, now.get().outcome().filter("succeeded"::equals).isPresent());
            }
            Thread.sleep(poll.toMillis());
        }
        return new RetrainTrigger.RunSummary(runId, false);
    }

    /** Stops waiting for the run (the server is stopping); the run itself goes on as the queue decides. */
    void stop() {
        stopped = true;
    }
}
