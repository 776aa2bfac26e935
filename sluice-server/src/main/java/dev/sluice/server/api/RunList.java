package dev.sluice.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.RunStatus;
import dev.sluice.meta.MetadataQueries;
import dev.sluice.meta.RunRow;
import dev.sluice.report.RunView;
import dev.sluice.server.queue.QueueEntry;
import dev.sluice.server.sql.Sql;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/v1/runs}: newest first, filtered by pipeline, status, trigger kind ({@code manual}: none) and start
 * time ({@code since} inclusive,
 * {@code until} exclusive), a page at a time. The cursor is the last
 * run of the page (start time and id), so pages stay stable while new runs arrive. {@code running} and
 * {@code interrupted} are told apart after reading (a run whose process died is stored as running). Thread-safe.
 */
final class RunList {
    private final ServerContext ctx;

    RunList(ServerContext ctx) {
        this.ctx = ctx;
    }

    /** A page position: the last run shown. */
    record Cursor(long startedMillis, String id) {
        String encode() {
            return Base64.getUrlEncoder().withoutPadding().encodeToString((startedMillis + ":" + id).getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String text) {
            try {
                String s = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
                int colon = s.indexOf(':');
                return new Cursor(Long.parseLong(s.substring(0, colon)), s.substring(colon + 1));
            } catch (RuntimeException e) {
                throw ApiError.badRequest("cursor '" + text + "' is not one this server gave; start again without it");
            }
        }
    }

    Answer list(Call call) {
        int limit = call.queryInt("limit", 50, 1, 500);
        Optional<String> pipeline = call.query("pipeline");
        Optional<RunStatus> status = call.query("status").map(RunList::state);
        Optional<Cursor> cursor = call.query("cursor").map(Cursor::decode);
        Optional<String> trigger = call.query("trigger").map(RunList::triggerKind);
        Optional<java.time.Instant> since = call.query("since").map(t -> instant("since", t));
        Optional<java.time.Instant> until = call.query("until").map(t -> instant("until", t));
        String stored = status.map(s -> s == RunStatus.INTERRUPTED ? "running" : s.label()).orElse(null);
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        pipeline.ifPresent(p -> { where.append(" AND p.name = ?"); args.add(p); });
        if (stored != null) { where.append(" AND r.state = ?"); args.add(stored); }
        trigger.ifPresent(k -> { where.append(" AND COALESCE(t.kind, 'manual') = ?"); args.add(k); });
        since.ifPresent(t -> { where.append(" AND r.started_at >= ?"); args.add(t.toEpochMilli()); });
        until.ifPresent(t -> { where.append(" AND r.started_at < ?"); args.add(t.toEpochMilli()); });
        cursor.ifPresent(c -> {
            where.append(" AND (r.started_at < ? OR (r.started_at = ? AND r.id < ?))");
            args.add(c.startedMillis());
            args.add(c.startedMillis());
            args.add(c.id());
        });
        args.add(limit);
        List<String> ids = ctx.workspace().metadata().sql().read(c -> Sql.list(c, "SELECT r.id FROM runs r"
                + " JOIN pipelines p ON p.id = r.pipeline_id"
                + (trigger.isPresent() ? " LEFT JOIN run_triggers t ON t.run_id = r.id" : "") + where + " ORDER BY r.started_at DESC, r.id DESC LIMIT ?",
                rs -> rs.getString(1), args.toArray()));
        MetadataQueries q = ctx.workspace().metadata().queries();
        Map<String, QueueEntry> queue = ctx.queue().entries(ids);
        ObjectNode body = Call.JSON.createObjectNode();
        ArrayNode runs = body.putArray("runs");
        RunRow last = null;
        for (String id : ids) {
            Optional<RunRow> row = q.run(id);
            if (row.isEmpty()) continue;
            last = row.get();
            if (status.isPresent() && row.get().state() != status.get()) continue;
            runs.add(summary(row.get(), Optional.ofNullable(queue.get(id))));
        }
        body.put("next_cursor", ids.size() == limit && last != null ? new Cursor(last.started().toEpochMilli(), last.id()).encode() : null);
        return Answer.ok(body);
    }

    /** A run with its step counts, trigger and queue entry. */
    ObjectNode summary(RunRow row, Optional<QueueEntry> entry) {
        MetadataQueries q = ctx.workspace().metadata().queries();
        RunView view = RunView.of(row, q.stepRuns(row.id()));
        ObjectNode n = RowJson.run(row, q.trigger(row.id()));
        n.put("duration_ms", java.time.Duration.between(row.started(), view.end()).toMillis());
        ObjectNode counts = n.putObject("steps");
        view.steps().stream().collect(java.util.stream.Collectors.groupingBy(s -> s.last().state().label(),
                java.util.TreeMap::new, java.util.stream.Collectors.counting())).forEach(counts::put);
        n.put("version", entry.map(QueueEntry::version).orElse(null));
        n.put("submitted_by", entry.map(QueueEntry::submittedBy).orElse(null));
        n.put("pinned", ctx.workspace().metadata().retention().pin(row.id()).isPresent());
        if (entry.isPresent()) n.set("queue", queue(entry.get()));
        else n.putNull("queue");
        return n;
    }

    static ObjectNode queue(QueueEntry e) {
        ObjectNode n = Call.JSON.createObjectNode();
        n.put("state", e.state());
        n.put("priority", e.priority());
        n.put("queued_at", e.queuedAt().toString());
        n.put("submitted_by", e.submittedBy());
        n.put("no_cache", e.noCache());
        n.put("claimed_by", e.claimedBy().orElse(null));
        n.put("claimed_at", e.claimedAt().map(Object::toString).orElse(null));
        n.put("cancel_requested", e.cancelRequested());
        n.put("outcome", e.outcome().orElse(null));
        n.put("error", e.error().orElse(null));
        return n;
    }

    private static java.time.Instant instant(String name, String text) {
        try {
            return java.time.Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw ApiError.badRequest(name + "=" + text + " is not a time; write an ISO-8601 instant, e.g. 2026-12-07T00:00:00Z");
        }
    }

    /** A trigger kind as the filter takes it ({@code manual}: runs without a trigger). */
    private static String triggerKind(String kind) {
        if (!kind.matches("[a-z][a-z0-9_-]{0,31}")) {
            throw ApiError.badRequest("trigger '" + kind + "' is not a trigger kind; use e.g. manual (no trigger), drift, webhook, data or upstream");
        }
        return kind;
    }

    private static RunStatus state(String label) {
        try {
            return RunStatus.ofLabel(label);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("status '" + label + "' is not a run status; use one of queued, running, succeeded,"
                    + " failed, blocked, cancelled, interrupted");
        }
    }
}
