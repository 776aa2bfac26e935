package dev.sluice.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.RunStatus;
import dev.sluice.meta.RunRetention;
import dev.sluice.meta.RunRow;
import dev.sluice.meta.StepRunRow;
import dev.sluice.server.catalog.PipelineVersion;
import dev.sluice.server.queue.QueueEntry;
import dev.sluice.server.queue.QueueException;
import dev.sluice.server.queue.RunQueue;
import dev.sluice.server.queue.Submission;
import dev.sluice.server.sql.Sql;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runs: list, start (queue), get, cancel, resume, pin and unpin, and the steps of a run. Thread-safe. */
final class RunRoutes {
    private final ServerContext ctx;
    private final RunList list;

    RunRoutes(ServerContext ctx) {
        this.ctx = ctx;
        this.list = new RunList(ctx);
    }

    List<Route> routes() {
        return List.of(
                Route.get("/api/v1/runs", Access.VIEWER, list::list),
                Route.post("/api/v1/runs", Access.OPERATOR, "run.start", this::start),
                Route.get("/api/v1/runs/{id}", Access.VIEWER, this::get),
                Route.post("/api/v1/runs/{id}/cancel", Access.OPERATOR, "run.cancel", this::cancel),
                Route.post("/api/v1/runs/{id}/resume", Access.OPERATOR, "run.resume", this::resume),
                Route.post("/api/v1/runs/{id}/pin", Access.OPERATOR, "run.pin", call -> pin(call, true)),
                Route.post("/api/v1/runs/{id}/unpin", Access.OPERATOR, "run.unpin", call -> pin(call, false)),
                Route.get("/api/v1/runs/{id}/steps", Access.VIEWER, this::steps));
    }

    private Answer start(Call call) {
        ObjectNode body = call.json();
        String name = body.path("pipeline").asText("");
        if (name.isBlank()) throw ApiError.badRequest("give the pipeline to run: {\"pipeline\": \"NAME\"} (see GET /api/v1/pipelines)");
        PipelineVersion v = Pipelines.version(ctx, name, body.path("version").asText("latest"));
        Optional<String> resumeOf = text(body.path("resume_of")).map(id -> Runs.find(ctx, id).id());
        QueueEntry e = queue(call, v, Params.of(body.path("params")), body.path("no_cache").asBoolean(false), resumeOf,
                priority(body.path("priority")));
        return Answer.created(queued(e));
    }

    private QueueEntry queue(Call call, PipelineVersion v, Map<String, String> params, boolean noCache,
                             Optional<String> resumeOf, int priority) {
        if (!ctx.worker().accepting()) throw new QueueException(QueueException.Kind.DRAINING, "the server is stopping"
                + " and accepts no runs; submit to another server or after the restart");
        var pipeline = ctx.catalog().definitions().validate(ctx.catalog().spec(v), params);
        QueueEntry e = ctx.queue().submit(new Submission(v, params, noCache, resumeOf, priority, pipeline.concurrency(),
                call.caller().name()));
        ctx.worker().wake();
        call.audit(e.runId(), "queued run " + e.runId() + " of " + v.name() + " version " + v.shortDigest()
                + resumeOf.map(r -> ", resuming " + r).orElse(""));
        return e;
    }

    private static ObjectNode queued(QueueEntry e) {
        ObjectNode n = Call.JSON.createObjectNode();
        n.put("run_id", e.runId());
        n.put("status", "queued");
        n.put("pipeline", e.pipeline());
        n.put("version", e.version());
        n.put("resume_of", e.resumeOf().orElse(null));
        n.put("events", "/api/v1/runs/" + e.runId() + "/events");
        return n;
    }

    private Answer get(Call call) {
        RunRow row = Runs.find(ctx, call.path("id"));
        ObjectNode n = list.summary(row, ctx.queue().entry(row.id()));
        ArrayNode sweeps = n.putArray("sweeps");
        ctx.workspace().metadata().queries().sweeps(row.id()).forEach(w -> sweeps.add(RowJson.sweep(w)));
        n.set("approvals", ApprovalJson.list(dev.sluice.meta.StepApprovals.of(ctx.workspace().metadata()).ofRun(row.id())));
        return Answer.ok(n);
    }

    private Answer cancel(Call call) {
        RunRow row = Runs.find(ctx, call.path("id"));
        // a run_finished a client of this server has seen is in the database before the cancel looks for it
        if (ctx.events().isLive(row.id())) ctx.events().flush();
        RunQueue.Cancelled c = ctx.queue().cancel(row.id(), call.caller().name());
        ctx.worker().wake();
        String status = c == RunQueue.Cancelled.WHILE_QUEUED ? "cancelled" : "cancelling";
        call.audit(row.id(), c == RunQueue.Cancelled.WHILE_QUEUED ? "cancelled before it started" : "asked the running run to stop");
        ObjectNode n = Call.JSON.createObjectNode().put("run_id", row.id()).put("status", status);
        return c == RunQueue.Cancelled.WHILE_QUEUED ? Answer.ok(n) : Answer.accepted(n);
    }

    /** Queues a new run that reuses what the given run finished: its version and parameters unless the body says. */
    private Answer resume(Call call) {
        RunRow row = Runs.find(ctx, call.path("id"));
        if (row.state() == RunStatus.QUEUED || row.state() == RunStatus.RUNNING) {
            throw ApiError.conflict("run " + row.id() + " is " + row.state().label() + "; resume it once it ended");
        }
        ObjectNode body = call.json();
        Optional<QueueEntry> entry = ctx.queue().entry(row.id());
        String name = entry.map(QueueEntry::pipeline).orElse(row.pipelineName());
        String version = text(body.path("version")).or(() -> entry.map(QueueEntry::version)).or(() -> versionOf(row))
                .orElseThrow(() -> ApiError.conflict("run " + row.id() + " ran a pipeline the server has not registered;"
                        + " give the version to resume it with: {\"version\": \"latest\"}"));
        Map<String, String> params = body.has("params") ? Params.of(body.path("params"))
                : entry.map(QueueEntry::params).orElseGet(() -> Params.of(RowJson.parse(row.parametersJson())));
        PipelineVersion v = Pipelines.version(ctx, name, version);
        QueueEntry e = queue(call, v, params, false, Optional.of(row.id()), priority(body.path("priority")));
        return Answer.created(queued(e));
    }

    /** Pins a run (retention never deletes it) or unpins it; saying so again changes nothing. */
    private Answer pin(Call call, boolean pin) {
        RunRow row = Runs.find(ctx, call.path("id"));
        RunRetention retention = ctx.workspace().metadata().retention();
        boolean changed = pin ? retention.pin(row.id(), call.caller().name(), java.time.Instant.now()) : retention.unpin(row.id());
        call.audit(row.id(), (pin ? "pinned" : "unpinned") + (changed ? "" : " (no change)"));
        return Answer.ok(pinned(row.id(), retention.pin(row.id()), changed));
    }

    /** {@code {"run_id", "pinned", "changed", "pinned_by", "pinned_at"}}. */
    static ObjectNode pinned(String runId, Optional<RunRetention.Pin> pin, boolean changed) {
        ObjectNode n = Call.JSON.createObjectNode().put("run_id", runId).put("pinned", pin.isPresent()).put("changed", changed);
        pin.ifPresent(p -> n.put("pinned_by", p.by()).put("pinned_at", p.at().toString()));
        return n;
    }

    /** The registered version whose text a run ran (for runs started outside the server). */
    private Optional<String> versionOf(RunRow row) {
        return ctx.workspace().metadata().sql().read(c -> Sql.first(c, "SELECT digest FROM server_pipeline_versions"
                + " WHERE name = ? AND pipeline_id = ? ORDER BY registered_at DESC", rs -> rs.getString(1),
                row.pipelineName(), row.pipelineId()));
    }

    private Answer steps(Call call) {
        RunRow row = Runs.find(ctx, call.path("id"));
        ObjectNode body = Call.JSON.createObjectNode().put("run_id", row.id());
        ArrayNode steps = body.putArray("steps");
        for (StepRunRow s : ctx.workspace().metadata().queries().stepRuns(row.id())) steps.add(RowJson.stepRun(s));
        return Answer.ok(body);
    }

    private static Optional<String> text(JsonNode n) {
        return n.isTextual() && !n.asText().isBlank() ? Optional.of(n.asText()) : Optional.empty();
    }

    private static int priority(JsonNode n) {
        if (n.isMissingNode() || n.isNull()) return 0;
        if (!n.canConvertToInt()) throw ApiError.badRequest("priority must be a whole number (higher runs first within its pipeline)");
        return n.asInt();
    }
}
