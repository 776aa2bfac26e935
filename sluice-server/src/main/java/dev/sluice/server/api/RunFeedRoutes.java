package dev.sluice.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.meta.MetadataQueries;
import dev.sluice.meta.RunRow;
import dev.sluice.server.sql.Sql;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/v1/events}: every run's status changes as Server-Sent Events, for lists that stay current (the web
 * UI's runs page). Each client's stream reads the runs table once a second: the runs queued or running, and those
 * started or ended since its last read (less a few seconds, for records committed late), and sends each run whose
 * status differs from what it last sent. With them go the approvals ({@code event: approval}): a step that starts
 * waiting for a decision ({@code step_runs} in state {@code waiting}) and each decision of {@code step_approvals}
 * since the last read, for the approvals inbox. Event ids are the times of the reads, so a client that reconnects
 * with {@code Last-Event-ID} gets what changed meanwhile. Works the same for runs of other servers on the database, and
 * for decisions made by {@code sluice approve}. Thread-safe.
 */
record RunFeedRoutes(ServerContext ctx) {
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    /** How far back each read looks before the previous one: metadata is committed in groups, a little late. */
    private static final long SLACK_MS = 5_000;
    private static final int MAX_ROWS = 500;

    List<Route> routes() {
        return List.of(Route.get("/api/v1/events", Access.VIEWER, this::events));
    }

    private record Row(String id, String pipeline, String state, long started, Long ended) {}

    /** A step waiting for a decision ({@code state} waiting, {@code at} since when) or decided ({@code by}, at when). */
    private record Approval(String runId, String pipeline, String step, String state, String by, long at) {
        String key() {
            return runId + "\n" + step;
        }
    }

    private Answer events(Call call) {
        long since = call.header("Last-Event-ID").or(() -> call.query("since")).map(RunFeedRoutes::millis)
                .orElse(System.currentTimeMillis());
        return new Answer.Stream(200, Map.of("Content-Type", "text/event-stream; charset=utf-8", "X-Accel-Buffering", "no"),
                out -> stream(since, out));
    }

    private void stream(long since, OutputStream out) throws IOException {
        out.write(": sluice run status changes\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        Map<String, String> sent = new HashMap<>();
        Map<String, String> approvalsSent = new HashMap<>();
        long from = since - SLACK_MS;
        long lastWrite = System.nanoTime();
        while (ctx.worker().accepting()) {
            long now = System.currentTimeMillis();
            boolean wrote = false;
            Set<String> seen = new HashSet<>();
            for (Row r : changed(from)) {
                seen.add(r.id());
                ObjectNode data = data(r);
                String status = data.path("status").asText();
                if (status.equals(sent.get(r.id()))) continue;
                sent.put(r.id(), status);
                out.write(("id: " + now + "\nevent: run\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
                wrote = true;
            }
            sent.keySet().retainAll(seen);
            Set<String> pending = new HashSet<>();
            for (Approval a : approvals(from)) {
                pending.add(a.key());
                if (a.state().equals(approvalsSent.get(a.key()))) continue;
                approvalsSent.put(a.key(), a.state());
                out.write(("id: " + now + "\nevent: approval\ndata: " + data(a) + "\n\n").getBytes(StandardCharsets.UTF_8));
                wrote = true;
            }
            approvalsSent.keySet().retainAll(pending);
            from = now - SLACK_MS;
            if (wrote || System.nanoTime() - lastWrite > KEEP_ALIVE.toNanos()) {
                if (!wrote) out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                lastWrite = System.nanoTime();
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private List<Row> changed(long from) {
        return ctx.workspace().metadata().sql().read(c -> Sql.list(c, "SELECT r.id, p.name, r.state, r.started_at, r.ended_at"
                + " FROM runs r JOIN pipelines p ON p.id = r.pipeline_id"
                + " WHERE r.started_at >= ? OR r.ended_at >= ? OR r.state IN ('queued', 'running')"
                + " ORDER BY r.started_at DESC LIMIT ?", rs -> new Row(rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getLong(4), (Long) rs.getObject(5) == null ? null : rs.getLong(5)), from, from, MAX_ROWS));
    }

    /** The steps waiting now, then the decisions made since {@code from} (a decided step is no longer waiting). */
    private List<Approval> approvals(long from) {
        return ctx.workspace().metadata().sql().read(c -> {
            List<Approval> out = new java.util.ArrayList<>(Sql.list(c, "SELECT s.run_id, p.name, s.step, s.started_at"
                    + " FROM step_runs s JOIN runs r ON r.id = s.run_id JOIN pipelines p ON p.id = r.pipeline_id"
                    + " WHERE s.state = 'waiting' AND NOT EXISTS (SELECT 1 FROM step_approvals d WHERE d.run_id = s.run_id"
                    + " AND d.step = s.step) ORDER BY s.started_at LIMIT ?", rs -> new Approval(rs.getString(1),
                    rs.getString(2), rs.getString(3), "waiting", null, rs.getLong(4)), MAX_ROWS));
            Set<String> waiting = new HashSet<>();
            for (Approval a : out) waiting.add(a.key());
            for (Approval a : Sql.list(c, "SELECT a.run_id, p.name, a.step, a.decision, a.decided_by, a.decided_at"
                    + " FROM step_approvals a LEFT JOIN runs r ON r.id = a.run_id LEFT JOIN pipelines p ON p.id = r.pipeline_id"
                    + " WHERE a.decided_at >= ? ORDER BY a.decided_at LIMIT ?", rs -> new Approval(rs.getString(1),
                    rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getLong(6)), from, MAX_ROWS)) {
                if (waiting.remove(a.key())) out.removeIf(w -> w.key().equals(a.key()));
                out.add(a);
            }
            return out;
        });
    }

    private static ObjectNode data(Approval a) {
        ObjectNode n = Call.JSON.createObjectNode().put("run_id", a.runId()).put("pipeline", a.pipeline()).put("step", a.step())
                .put("state", a.state());
        if (a.state().equals("waiting")) return n.put("since", Instant.ofEpochMilli(a.at()).toString());
        return n.put("by", a.by()).put("at", Instant.ofEpochMilli(a.at()).toString());
    }

    /** The run as sent; a run stored as running whose process is gone reads as interrupted, as everywhere. */
    private ObjectNode data(Row r) {
        String status = r.state();
        if (status.equals("running")) {
            MetadataQueries q = ctx.workspace().metadata().queries();
            status = q.run(r.id()).map(RunRow::state).map(s -> s.label()).orElse(status);
        }
        return Call.JSON.createObjectNode().put("run_id", r.id()).put("pipeline", r.pipeline()).put("status", status)
                .put("started", Instant.ofEpochMilli(r.started()).toString())
                .put("ended", r.ended() == null ? null : Instant.ofEpochMilli(r.ended()).toString());
    }

    private static long millis(String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("Last-Event-ID (or since) must be the id of the last event received (epoch"
                    + " milliseconds), got '" + s + "'");
        }
    }
}
