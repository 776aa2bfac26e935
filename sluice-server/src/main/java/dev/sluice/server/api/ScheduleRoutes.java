package dev.sluice.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.DefinitionException;
import dev.sluice.pipeline.Schedule;
import dev.sluice.server.catalog.PipelineVersion;
import dev.sluice.server.queue.QueueEntry;
import dev.sluice.server.queue.QueueException;
import dev.sluice.server.schedule.ApiSchedules;
import dev.sluice.server.schedule.Backfills;
import dev.sluice.server.schedule.ScheduleStates;
import dev.sluice.server.schedule.Scheduler;
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
                Route.post("/api/v1/schedules", Access.OPERATOR, "schedule.define", this::define),
                Route.delete("/api/v1/schedules/{pipeline}/{name}", Access.OPERATOR, "schedule.delete", this::deleteDefined),
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
            for (Scheduler.Sourced s : scheduling.scheduler().schedules(v)) out.add(json(v, s.schedule(), now).put("source", s.source()));
        }
        return Answer.ok(body);
    }

    /** Adds or replaces an API-defined schedule; validated by the pipeline loader's schedule reader. */
    private Answer define(Call call) {
        ObjectNode body = call.json().deepCopy();
        String name = body.path("pipeline").asText("");
        if (name.isBlank()) throw ApiError.badRequest("give the pipeline: {\"pipeline\": \"NAME\", \"name\": \"nightly\","
                + " \"cron\": \"0 2 * * *\"}");
        PipelineVersion v = Pipelines.version(ctx, name, "latest");
        body.remove("pipeline");
        String definition;
        try {
            definition = Call.JSON.writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ApiError.badRequest("the body is not a JSON object: " + e.getOriginalMessage());
        }
        Schedule s;
        try {
            s = ApiSchedules.parse(definition, ctx.catalog().spec(v));
        } catch (DefinitionException e) {
            throw new ApiError(400, "invalid_schedule", e.problems().getFirst().format(),
                    java.util.Map.of("problems", Guard.problems(e)));
        }
        if (ctx.catalog().spec(v).schedules().stream().anyMatch(f -> f.name().equals(s.name()))) {
            throw ApiError.conflict("pipeline '" + v.name() + "' has a schedule '" + s.name() + "' in its file; edit the file"
                    + " to change it, or give this one another name");
        }
        Instant now = scheduling.scheduler().clock().instant();
        // stored as parsed, so the stored text is the validated one
        String stored = Call.JSON.createObjectNode().put("name", s.name()).put("cron", s.cron()).put("timezone", s.zone().getId())
                .put("catchup", s.catchup().yamlName()).put("max_catchup", s.maxCatchup())
                .set("params", Call.JSON.valueToTree(s.params())).toString();
        boolean replaced = scheduling.scheduler().apiSchedules().put(v.name(), s.name(), stored, call.caller().name(), now);
        scheduling.scheduler().states().ensure(v.name(), s.name(), now);
        call.audit(v.name() + "/" + s.name(), (replaced ? "replaced" : "defined") + " schedule cron '" + s.cron() + "' in "
                + s.zone().getId());
        ObjectNode out = json(v, s, now).put("source", Scheduler.Sourced.API);
        return replaced ? Answer.ok(out) : Answer.created(out);
    }

    private Answer deleteDefined(Call call) {
        PipelineVersion v = Pipelines.version(ctx, call.path("pipeline"), "latest");
        String name = call.path("name");
        if (ctx.catalog().spec(v).schedules().stream().anyMatch(f -> f.name().equals(name))) {
            throw ApiError.conflict("schedule '" + name + "' of pipeline '" + v.name() + "' is defined in its file; edit the"
                    + " file to remove it (or pause it: POST /api/v1/schedules/" + v.name() + "/" + name + "/pause)");
        }
        if (!scheduling.scheduler().apiSchedules().delete(v.name(), name)) {
            throw ApiError.notFound("pipeline '" + v.name() + "' has no API-defined schedule '" + name + "'; list them with"
                    + " GET /api/v1/schedules?pipeline=" + v.name());
        }
        scheduling.scheduler().states().forget(v.name(), name);
        call.audit(v.name() + "/" + name, "deleted API-defined schedule");
        return Answer.ok(Call.JSON.createObjectNode().put("pipeline", v.name()).put("name", name).put("deleted", true));
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
        return schedule(v, name, all(v));
    }

    private List<Schedule> all(PipelineVersion v) {
        return scheduling.scheduler().schedules(v).stream().map(Scheduler.Sourced::schedule).toList();
    }

    private Answer startBackfill(Call call) {
        if (!ctx.worker().accepting()) throw new QueueException(QueueException.Kind.DRAINING, "the server is stopping"
                + " and accepts no runs; start the backfill on another server or after the restart");
        ObjectNode body = call.json();
        String name = body.path("pipeline").asText("");
        if (name.isBlank()) throw ApiError.badRequest("give the pipeline: {\"pipeline\": \"NAME\", \"from\": \"2026-11-01\","
                + " \"to\": \"2026-11-30\"}");
        PipelineVersion v = Pipelines.version(ctx, name, "latest");
        List<Schedule> all = all(v);
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
