package dev.sluice.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.pipeline.Schedule;
import dev.sluice.server.catalog.PipelineVersion;
import dev.sluice.server.queue.QueueEntry;
import dev.sluice.server.queue.QueueException;
import dev.sluice.server.schedule.Backfills;
import dev.sluice.server.schedule.ScheduleStates;
import dev.sluice.server.schedule.Scheduling;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * Schedules (list with their next and last tick; pause and resume) and backfills (start, list, watch, cancel).
 * Thread-safe.
 */
final class ScheduleRoutes {
    private final ServerContext ctx;
    private final Scheduling scheduling;

    ScheduleRoutes(ServerContext ctx) {
        this.ctx = ctx;
        this.scheduling = ctx.scheduling();
    }

    List<Route> routes() {
        return List.of(
                Route.get("/api/v1/schedules", Access.VIEWER, this::list),
                Route.post("/api/v1/schedules/{pipeline}/{name}/pause", Access.OPERATOR, "schedule.pause", call -> pause(call, true)),
                Route.post("/api/v1/schedules/{pipeline}/{name}/resume", Access.OPERATOR, "schedule.resume", call -> pause(call, false)),
                Route.get("/api/v1/backfills", Access.VIEWER, this::backfills),
                Route.post("/api/v1/backfills", Access.OPERATOR, "backfill.start", this::startBackfill),
                Route.get("/api/v1/backfills/{id}", Access.VIEWER, this::backfill),
                Route.post("/api/v1/backfills/{id}/cancel", Access.OPERATOR, "backfill.cancel", this::cancelBackfill));
    }

    private Answer list(Call call) {
        Optional<String> only = call.query("pipeline");
        ObjectNode body = Call.JSON.createObjectNode();
        ArrayNode out = body.putArray("schedules");
        Instant now = scheduling.scheduler().clock().instant();
        for (PipelineVersion v : ctx.catalog().latest()) {
            if (only.isPresent() && !only.get().equals(v.name())) continue;
            for (Schedule s : ctx.catalog().spec(v).schedules()) out.add(json(v, s, now));
        }
        return Answer.ok(body);
    }

    private ObjectNode json(PipelineVersion v, Schedule s, Instant now) {
        ScheduleStates states = scheduling.scheduler().states();
        Optional<ScheduleStates.State> state = states.find(v.name(), s.name());
        boolean paused = state.map(ScheduleStates.State::paused).orElse(false);
        ObjectNode n = Call.JSON.createObjectNode().put("pipeline", v.name()).put("name", s.name()).put("cron", s.cron())
                .put("timezone", s.zone().getId()).put("catchup", s.catchup().yamlName()).put("max_catchup", s.maxCatchup());
        n.set("params", Call.JSON.valueToTree(s.params()));
        n.put("paused", paused);
        n.put("changed_by", state.flatMap(ScheduleStates.State::changedBy).orElse(null));
        n.put("next_tick", paused ? null : s.ticks().next(now).map(s::format).orElse(null));
        Optional<ScheduleStates.Tick> last = states.lastTick(v.name(), s.name());
        if (last.isEmpty()) {
            n.putNull("last_tick");
        } else {
            ObjectNode t = n.putObject("last_tick").put("time", s.format(last.get().at())).put("outcome", last.get().outcome())
                    .put("run_id", last.get().runId().orElse(null));
            t.put("status", last.get().runId().flatMap(id -> ctx.workspace().metadata().queries().run(id))
                    .map(r -> r.state().label()).orElse(null));
            last.get().error().ifPresent(e -> t.put("error", e));
        }
        return n;
    }

    private Answer pause(Call call, boolean pause) {
        PipelineVersion v = Pipelines.version(ctx, call.path("pipeline"), "latest");
        Schedule s = schedule(v, call.path("name"));
        boolean changed = scheduling.scheduler().states().setPaused(v.name(), s.name(), pause, call.caller().name(),
                scheduling.scheduler().clock().instant());
        call.audit(v.name() + "/" + s.name(), (pause ? "paused" : "resumed") + (changed ? "" : " (it already was)"));
        return Answer.ok(json(v, s, scheduling.scheduler().clock().instant()));
    }

    private static Schedule schedule(PipelineVersion v, String name, List<Schedule> all) {
        return all.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(() -> new ApiError(404, "unknown_schedule",
                "pipeline '" + v.name() + "' has no schedule '" + name + "'; its schedules: "
                        + (all.isEmpty() ? "none" : String.join(", ", all.stream().map(Schedule::name).toList()))));
    }

    private Schedule schedule(PipelineVersion v, String name) {
        return schedule(v, name, ctx.catalog().spec(v).schedules());
    }

    private Answer startBackfill(Call call) {
        if (!ctx.worker().accepting()) throw new QueueException(QueueException.Kind.DRAINING, "the server is stopping"
                + " and accepts no runs; start the backfill on another server or after the restart");
        ObjectNode body = call.json();
        String name = body.path("pipeline").asText("");
        if (name.isBlank()) throw ApiError.badRequest("give the pipeline: {\"pipeline\": \"NAME\", \"from\": \"2026-11-01\","
                + " \"to\": \"2026-11-30\"}");
        PipelineVersion v = Pipelines.version(ctx, name, "latest");
        List<Schedule> all = ctx.catalog().spec(v).schedules();
        Schedule s;
        if (body.hasNonNull("schedule")) {
            s = schedule(v, body.path("schedule").asText(), all);
        } else if (all.size() == 1) {
            s = all.getFirst();
        } else {
            throw ApiError.badRequest(all.isEmpty() ? "pipeline '" + v.name() + "' has no schedules: to backfill it, add a"
                    + " schedules: entry to its file" : "pipeline '" + v.name() + "' has " + all.size() + " schedules ("
                    + String.join(", ", all.stream().map(Schedule::name).toList()) + "); say which: {\"schedule\": \"NAME\"}");
        }
        Instant from = time(body, "from", s, false);
        Instant to = time(body, "to", s, true);
        try {
            Backfills.Backfill b = scheduling.backfills().start(v, s, from, to, call.caller().name());
            ctx.worker().wake();
            call.audit(b.id(), "backfill of " + v.name() + "/" + s.name() + " from " + s.format(from) + " to " + s.format(to)
                    + ": " + b.runIds().size() + " run(s) queued");
            return Answer.created(json(b));
        } catch (Backfills.Refused e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    /**
     * {@code from}/{@code to} as a date (a whole day in the schedule's zone; {@code to}'s day is included) or an
     * ISO-8601 date-time with an offset ({@code to} included).
     */
    private static Instant time(ObjectNode body, String field, Schedule s, boolean end) {
        String text = body.path(field).asText("");
        if (text.isBlank()) throw ApiError.badRequest("give " + field + ": a date (2026-11-01) or a date-time with offset"
                + " (2026-11-01T02:00:00+01:00)");
        try {
            if (text.length() == 10) {
                LocalDate d = LocalDate.parse(text);
                return (end ? d.plusDays(1) : d).atStartOfDay(s.zone()).toInstant();
            }
            Instant at = OffsetDateTime.parse(text).toInstant();
            return end ? at.plusMillis(1) : at;
        } catch (DateTimeException e) {
            throw ApiError.badRequest(field + " '" + text + "' is neither a date (2026-11-01) nor a date-time with offset"
                    + " (2026-11-01T02:00:00+01:00)");
        }
    }

    private Answer backfills(Call call) {
        ObjectNode body = Call.JSON.createObjectNode();
        ArrayNode out = body.putArray("backfills");
        for (Backfills.Backfill b : scheduling.backfills().list(call.query("pipeline"), call.queryInt("limit", 50, 1, 500))) {
            ObjectNode n = json(b);
            n.remove("runs");
            out.add(n);
        }
        return Answer.ok(body);
    }

    private Answer backfill(Call call) {
        return Answer.ok(json(find(call.path("id"))));
    }

    private Backfills.Backfill find(String id) {
        return scheduling.backfills().get(id).orElseThrow(() -> ApiError.notFound("no backfill '" + id + "'; list them with"
                + " GET /api/v1/backfills"));
    }

    private Answer cancelBackfill(Call call) {
        Backfills.Backfill b = find(call.path("id"));
        int n = scheduling.backfills().cancel(b.id(), call.caller().name());
        ctx.worker().wake();
        call.audit(b.id(), "cancelled " + n + " queued run(s) of the backfill");
        ObjectNode out = json(find(b.id()));
        out.put("cancelled_runs", n);
        return Answer.ok(out);
    }

    private static ObjectNode json(Backfills.Backfill b) {
        ObjectNode n = Call.JSON.createObjectNode().put("id", b.id()).put("pipeline", b.pipeline()).put("schedule", b.schedule())
                .put("from", b.from().toString()).put("to", b.to().toString()).put("ticks", b.runIds().size())
                .put("status", b.status()).put("created_by", b.createdBy()).put("created_at", b.createdAt().toString())
                .put("cancelled_by", b.cancelledBy().orElse(null))
                .put("cancelled_at", b.cancelledAt().map(Instant::toString).orElse(null));
        n.set("progress", Call.JSON.valueToTree(b.progress()));
        n.set("runs", Call.JSON.valueToTree(b.runIds()));
        return n;
    }
}
