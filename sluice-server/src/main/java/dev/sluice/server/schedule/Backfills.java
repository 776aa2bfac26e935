package dev.sluice.server.schedule;

import dev.sluice.meta.MetadataSql;
import dev.sluice.pipeline.Concurrency;
import dev.sluice.pipeline.Schedule;
import dev.sluice.server.catalog.PipelineCatalog;
import dev.sluice.server.catalog.PipelineVersion;
import dev.sluice.server.queue.QueueEntry;
import dev.sluice.server.queue.QueueException;
import dev.sluice.server.queue.RunQueue;
import dev.sluice.server.sql.Sql;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Backfills: one run per tick of a schedule in a past range, each with its {@code ${schedule.time}}, queued oldest
 * first and recorded with their backfill ({@code server_backfill_runs}) and cause ({@code run_triggers}:
 * {@code backfill}). They wait in the queue as the pipeline's {@code concurrency: max} allows (a backfill's runs always
 * queue: {@code skip} and {@code cancel_previous} do not apply to them). Cancelling one cancels its runs that have not
 * started. Thread-safe.
 */
public final class Backfills {
    /** The most ticks one backfill may queue. */
    public static final int MAX_TICKS = 10_000;

    private final MetadataSql sql;
    private final RunQueue queue;
    private final TickRuns runs;
    private final Clock clock;

    /** A backfill and how far its runs are. */
    public record Backfill(String id, String pipeline, String schedule, Instant from, Instant to, String createdBy,
                           Instant createdAt, Optional<String> cancelledBy, Optional<Instant> cancelledAt,
                           List<String> runIds, Map<String, Long> progress) {
        /** {@code running} while a run waits or runs, {@code cancelled} once cancelled, else {@code done}. */
        public String status() {
            if (cancelledAt.isPresent()) return "cancelled";
            return progress.getOrDefault("queued", 0L) + progress.getOrDefault("running", 0L) > 0 ? "running" : "done";
        }
    }

    /** Why a backfill cannot be made: the message says what to change. */
    public static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Refused(String message) {
            super(message);
        }
    }

    public Backfills(MetadataSql sql, PipelineCatalog catalog, RunQueue queue, Clock clock) {
        this.sql = sql;
        this.queue = queue;
        this.runs = new TickRuns(catalog, queue);
        this.clock = clock;
    }

    /**
     * Queues one run per tick of {@code s} in {@code [from, to)}.
     *
     * @throws Refused for an empty range, one of more than {@link #MAX_TICKS} ticks, or parameters the version refuses
     */
    public Backfill start(PipelineVersion v, Schedule s, Instant from, Instant to, String by) {
        if (!from.isBefore(to)) throw new Refused("the range is empty: from " + s.format(from) + " is not before to " + s.format(to));
        List<Instant> ticks = s.ticks().between(from.minusMillis(1), to.minusMillis(1), MAX_TICKS + 1);
        if (ticks.isEmpty()) throw new Refused("schedule '" + s.name() + "' (" + s.cron() + ", " + s.zone() + ") has no tick from "
                + s.format(from) + " to " + s.format(to));
        if (ticks.size() > MAX_TICKS) throw new Refused("the range has more than " + MAX_TICKS + " ticks of schedule '" + s.name()
                + "'; backfill a shorter range at a time");
        Optional<Concurrency> limit;
        try {
            limit = runs.concurrency(v, s.paramsAt(ticks.getFirst())).map(c -> new Concurrency(c.max(), Concurrency.Policy.QUEUE));
        } catch (dev.sluice.api.DefinitionException e) {
            throw new Refused("the runs of schedule '" + s.name() + "' were refused: " + e.getMessage());
        }
        String id = "bf-" + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(java.time.ZoneOffset.UTC)
                .format(clock.instant()) + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
        sql.write(c -> Sql.update(c, "INSERT INTO server_backfills (id, pipeline, schedule, from_at, to_at, created_by, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)", id, v.name(), s.name(), from.toEpochMilli(), to.toEpochMilli(), by,
                clock.millis()));
        for (Instant tick : ticks) {
            String detail = id + ": " + s.name() + " at " + s.format(tick);
            runs.queue(v, s, tick, limit, TickRuns.BACKFILL, detail, by, (c, runId) -> Sql.update(c,
                    "INSERT INTO server_backfill_runs (backfill_id, tick_at, run_id) VALUES (?, ?, ?)", id, tick.toEpochMilli(), runId) == 1);
        }
        return get(id).orElseThrow();
    }

    /** The newest backfills first. */
    public List<Backfill> list(Optional<String> pipeline, int limit) {
        List<String> ids = sql.read(c -> Sql.list(c, "SELECT id FROM server_backfills"
                + (pipeline.isPresent() ? " WHERE pipeline = ?" : "") + " ORDER BY created_at DESC, id DESC LIMIT ?",
                rs -> rs.getString(1), pipeline.isPresent() ? new Object[] {pipeline.get(), limit} : new Object[] {limit}));
        List<Backfill> out = new ArrayList<>();
        for (String id : ids) get(id).ifPresent(out::add);
        return out;
    }

    public Optional<Backfill> get(String id) {
        return sql.read(c -> {
            Optional<Backfill> head = Sql.first(c, "SELECT id, pipeline, schedule, from_at, to_at, created_by, created_at, cancelled_by,"
                    + " cancelled_at FROM server_backfills WHERE id = ?", rs -> new Backfill(rs.getString(1), rs.getString(2),
                    rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)), Instant.ofEpochMilli(rs.getLong(5)), rs.getString(6),
                    Instant.ofEpochMilli(rs.getLong(7)), Optional.ofNullable(rs.getString(8)),
                    Sql.optionalLong(rs, 9).map(Instant::ofEpochMilli), List.of(), Map.of()), id);
            if (head.isEmpty()) return head;
            List<String> runIds = Sql.list(c, "SELECT run_id FROM server_backfill_runs WHERE backfill_id = ? ORDER BY tick_at",
                    rs -> rs.getString(1), id);
            Map<String, Long> progress = new LinkedHashMap<>();
            for (String k : List.of("queued", "running", "succeeded", "failed", "cancelled")) progress.put(k, 0L);
            for (var row : Sql.list(c, "SELECT q.state, q.outcome, COUNT(*) FROM server_backfill_runs b JOIN server_queue q"
                    + " ON q.run_id = b.run_id WHERE b.backfill_id = ? GROUP BY q.state, q.outcome",
                    rs -> Map.entry(rs.getString(1).equals("done") ? Optional.ofNullable(rs.getString(2)).orElse("done")
                            : rs.getString(1), rs.getLong(3)), id)) {
                progress.merge(row.getKey(), row.getValue(), Long::sum);
            }
            Backfill b = head.get();
            return Optional.of(new Backfill(b.id(), b.pipeline(), b.schedule(), b.from(), b.to(), b.createdBy(), b.createdAt(),
                    b.cancelledBy(), b.cancelledAt(), runIds, progress));
        });
    }

    /** Cancels the backfill's runs that have not started; returns how many. Runs already going go on. */
    public int cancel(String id, String by) {
        Backfill b = get(id).orElseThrow(() -> new Refused("no backfill '" + id + "'"));
        sql.write(c -> Sql.update(c, "UPDATE server_backfills SET cancelled_by = ?, cancelled_at = ? WHERE id = ? AND cancelled_at IS NULL",
                by, clock.millis(), id));
        int n = 0;
        for (String runId : b.runIds()) {
            Optional<QueueEntry> e = queue.entry(runId);
            if (e.isEmpty() || !e.get().state().equals("queued")) continue;
            try {
                if (queue.cancel(runId, by) == RunQueue.Cancelled.WHILE_QUEUED) n++;
            } catch (QueueException ex) {
                // started or ended meanwhile: left alone
            }
        }
        return n;
    }
}
