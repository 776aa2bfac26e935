package dev.sluice.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.pipeline.TriggerSpec;
import dev.sluice.server.catalog.PipelineVersion;
import dev.sluice.server.trigger.TriggerStates;
import dev.sluice.server.trigger.TriggeredRuns;

import java.time.Instant;
import java.util.List;

/**
 * Pausing and resuming a pipeline's triggers ({@code POST /api/v1/pipelines/{pipeline}/triggers/{name}/pause} and
 * {@code /resume}, operator), stored in {@link TriggerStates} and audited with the caller. A paused webhook answers 409
 * {@code trigger_paused}, the data watcher queues nothing (files still there are taken after the resume) and the
 * upstream follower skips the runs that end meanwhile. Thread-safe.
 */
public final class TriggerRoutes {
    private final ServerContext ctx;
    private final TriggeredRuns runs;

    public TriggerRoutes(ServerContext ctx, TriggeredRuns runs) {
        this.ctx = ctx;
        this.runs = runs;
    }

    public List<Route> routes() {
        return List.of(
                Route.post("/api/v1/pipelines/{pipeline}/triggers/{name}/pause", Access.OPERATOR, "trigger.pause",
                        call -> pause(call, true)),
                Route.post("/api/v1/pipelines/{pipeline}/triggers/{name}/resume", Access.OPERATOR, "trigger.resume",
                        call -> pause(call, false)));
    }

    private Answer pause(Call call, boolean pause) {
        PipelineVersion v = Pipelines.version(ctx, call.path("pipeline"), "latest");
        String name = call.path("name");
        List<TriggerSpec> all = ctx.catalog().spec(v).triggers();
        TriggerSpec t = all.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow(() -> new ApiError(404,
                "unknown_trigger", "pipeline '" + v.name() + "' has no trigger '" + name + "'; its triggers: "
                + (all.isEmpty() ? "none" : String.join(", ", all.stream().map(TriggerSpec::name).toList()))));
        boolean changed = runs.states().setPaused(v.name(), t.name(), pause, call.caller().name(), Instant.now());
        call.audit(v.name() + "/" + t.name(), (pause ? "paused " : "resumed ") + t.kind() + " trigger"
                + (changed ? "" : " (it already was)"));
        return Answer.ok(json(v.name(), t, runs.states().find(v.name(), t.name())));
    }

    /** A trigger as the pipelines' answers show it: kind, name, paused, by whom and when. */
    static ObjectNode json(String pipeline, TriggerSpec t, ServerContext ctx) {
        return json(pipeline, t, new TriggerStates(ctx.workspace().metadata().sql()).find(pipeline, t.name()));
    }

    private static ObjectNode json(String pipeline, TriggerSpec t, TriggerStates.State s) {
        ObjectNode n = Call.JSON.createObjectNode().put("pipeline", pipeline).put("kind", t.kind()).put("name", t.name())
                .put("paused", s.paused());
        n.put("changed_by", s.changedBy().orElse(null));
        n.put("changed_at", s.changedAt().map(Instant::toString).orElse(null));
        return n;
    }
}
