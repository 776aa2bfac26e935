package dev.sluice.server.schedule;

import dev.sluice.api.DefinitionException;
import dev.sluice.meta.MetadataSql;
import dev.sluice.pipeline.Concurrency;
import dev.sluice.pipeline.CronTicks;
import dev.sluice.pipeline.Schedule;
import dev.sluice.server.audit.AuditLog;
import dev.sluice.server.catalog.PipelineCatalog;
import dev.sluice.server.catalog.PipelineVersion;
import dev.sluice.server.queue.QueueEntry;
import dev.sluice.server.queue.QueueException;
import dev.sluice.server.queue.RunQueue;
import dev.sluice.server.sql.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starts the runs of the registered pipelines' {@code schedules:}. Each {@link #pass} looks at every schedule of every
 * pipeline's latest version: the ticks since the schedule's cursor up to the clock's now are due. A tick at most
 * {@link #LATE} old is on time and starts a run; older ones were missed (no server ran, or this one was stopped) and
 * follow the schedule's {@code catchup}: {@code none} skips them, {@code latest} runs the newest once, {@code all}
 * runs the newest {@code max_catchup} of them, oldest first.
 *
 * <p>Exactly once per tick: the run is queued in the transaction that inserts the tick's row into
 * {@code server_schedule_ticks}, whose primary key is (pipeline, schedule, tick). A second server, a restart or a clock
 * that jumps back finds the row and queues nothing. A paused schedule starts nothing; its ticks are skipped, not made
 * up on resume.
 *
 * <p>Time comes from the {@link Clock} it is given, so tests move it. Thread-safe; passes do not overlap when run by
 * one {@link dev.sluice.server.queue.QueueWorker#every} task.
 */
public final class Scheduler {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
    /** A due tick older than this was missed rather than late. */
    public static final Duration LATE = Duration.ofSeconds(30);
    /** At most this many due ticks are looked at in one pass (a long downtime of a per-minute schedule). */
    static final int MAX_DUE = 100_000;

    private final MetadataSql sql;
    private final PipelineCatalog catalog;
    private final ScheduleStates states;
    private final ApiSchedules apiSchedules;
    private final TickRuns runs;
    private final AuditLog audit;
    private final Clock clock;
    private final String serverId;
    private final Runnable wake;

    public Scheduler(MetadataSql sql, PipelineCatalog catalog, RunQueue queue, AuditLog audit, Clock clock, String serverId,
                     Runnable wake) {
        this.sql = sql;
        this.catalog = catalog;
        this.states = new ScheduleStates(sql);
        this.apiSchedules = new ApiSchedules(sql);
        this.runs = new TickRuns(catalog, queue);
        this.audit = audit;
        this.clock = clock;
        this.serverId = serverId;
        this.wake = wake;
    }

    public Clock clock() {
        return clock;
    }

    /** Looks at every schedule once; returns the runs it queued. Failures of one schedule are logged, not thrown. */
    public List<QueueEntry> pass() {
        Instant now = clock.instant();
        List<QueueEntry> queued = new ArrayList<>();
        for (PipelineVersion v : catalog.latest()) {
            List<Schedule> schedules;
            try {
                schedules = schedules(v).stream().map(Sourced::schedule).toList();
            } catch (RuntimeException e) {
                continue;
            }
            for (Schedule s : schedules) {
                try {
                    queued.addAll(pass(v, s, now));
                } catch (RuntimeException e) {
                    LOG.warn("schedule {} of {} failed ({}); it is tried again at the next pass", s.name(), v.name(), e.toString());
                }
            }
        }
        if (!queued.isEmpty()) wake.run();
        return queued;
    }

    private List<QueueEntry> pass(PipelineVersion v, Schedule s, Instant now) {
        ScheduleStates.State state = states.ensure(v.name(), s.name(), now);
        CronTicks ticks = s.ticks();
        List<Instant> due = ticks.between(state.cursor(), now, MAX_DUE);
        // the cursor moves when ticks were handled, or back with a clock that went back (one write per tick, not per pass)
        boolean move = !due.isEmpty() || now.isBefore(state.cursor());
        List<QueueEntry> out = new ArrayList<>();
        if (!state.paused()) for (Instant tick : chosen(s, due, now)) fire(v, s, tick).ifPresent(out::add);
        if (move) states.moveCursor(v.name(), s.name(), now);
        return out;
    }

    /** The due ticks to run: the on-time one, and the missed ones the catch-up policy keeps. */
    static List<Instant> chosen(Schedule s, List<Instant> due, Instant now) {
        if (due.isEmpty()) return List.of();
        Instant newest = due.getLast();
        boolean onTime = !newest.isBefore(now.minus(LATE));
        List<Instant> missed = onTime ? due.subList(0, due.size() - 1) : due;
        if (missed.isEmpty()) return List.of(newest);
        List<Instant> out = new ArrayList<>(switch (s.catchup()) {
            case NONE -> List.<Instant>of();
            case LATEST -> onTime ? List.<Instant>of() : List.of(missed.getLast());
            case ALL -> missed.subList(Math.max(0, missed.size() - s.maxCatchup()), missed.size());
        });
        if (onTime) out.add(newest);
        return out;
    }

    /** Queues the run of one tick unless some server already did; records a refused tick once too. */
    private Optional<QueueEntry> fire(PipelineVersion v, Schedule s, Instant tick) {
        String detail = s.name() + " at " + s.format(tick);
        Optional<Concurrency> concurrency;
        try {
            concurrency = runs.concurrency(v, s.paramsAt(tick));
        } catch (DefinitionException e) {
            if (states.recordTick(v.name(), s.name(), tick, Optional.empty(), "invalid", Optional.of(e.getMessage()), serverId)) {
                LOG.error("schedule {} of {}: the run of tick {} was not started, its parameters were refused: {}",
                        s.name(), v.name(), s.format(tick), e.getMessage());
            }
            return Optional.empty();
        }
        try {
            Optional<QueueEntry> e = runs.queue(v, s, tick, concurrency, TickRuns.SCHEDULE, detail, "schedule:" + s.name(),
                    (c, runId) -> ScheduleStates.insertTick(c, v.name(), s.name(), tick, Optional.of(runId), "queued",
                            Optional.empty(), serverId));
            e.ifPresent(q -> {
                LOG.info("schedule {} of {}: tick {} queued run {}", s.name(), v.name(), s.format(tick), q.runId());
                audit.append("scheduler", "schedule.tick", v.name() + "/" + s.name(), "ok", 201,
                        "tick " + s.format(tick) + " queued run " + q.runId() + " on " + serverId);
            });
            return e;
        } catch (QueueException e) {
            if (e.kind() != QueueException.Kind.SKIPPED) throw e;
            if (states.recordTick(v.name(), s.name(), tick, Optional.empty(), "skipped", Optional.of(e.getMessage()), serverId)) {
                LOG.info("schedule {} of {}: tick {} skipped: {}", s.name(), v.name(), s.format(tick), e.getMessage());
            }
            return Optional.empty();
        }
    }

    /** A schedule and where it was defined: {@code file} (the pipeline file's {@code schedules:}) or {@code api}. */
    public record Sourced(Schedule schedule, String source) {
        public static final String FILE = "file";
        public static final String API = "api";
    }

    /**
     * The schedules of a pipeline version: its file's, then those defined through the API (by name). An API-defined one
     * that no longer validates against this version (a parameter it sets was removed) is logged and left out.
     */
    public List<Sourced> schedules(PipelineVersion v) {
        dev.sluice.pipeline.PipelineSpec spec = catalog.spec(v);
        List<Sourced> out = new ArrayList<>();
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Schedule s : spec.schedules()) {
            out.add(new Sourced(s, Sourced.FILE));
            names.add(s.name());
        }
        for (ApiSchedules.Stored stored : apiSchedules.of(v.name())) {
            if (names.contains(stored.name())) continue;
            try {
                out.add(new Sourced(ApiSchedules.parse(stored.definition(), spec), Sourced.API));
            } catch (DefinitionException e) {
                LOG.warn("API-defined schedule {} of {} is left out: it does not fit the pipeline's latest version: {}",
                        stored.name(), v.name(), e.getMessage());
            }
        }
        return out;
    }

    /** The schedules defined through the API. */
    public ApiSchedules apiSchedules() {
        return apiSchedules;
    }

    /** The states of the schedules, for the API. */
    public ScheduleStates states() {
        return states;
    }

    MetadataSql sql() {
        return sql;
    }
}
