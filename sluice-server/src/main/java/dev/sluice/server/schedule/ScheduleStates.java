package dev.sluice.server.schedule;

import dev.sluice.meta.MetadataSql;
import dev.sluice.server.sql.Sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * The rows of {@code server_schedules} (paused or not, the cursor) and {@code server_schedule_ticks} (each tick acted
 * on, at most once). Stateless over the database; thread-safe.
 */
public final class ScheduleStates {
    private final MetadataSql sql;

    /** A schedule's stored state. */
    public record State(String pipeline, String name, boolean paused, Optional<String> changedBy, Optional<Instant> changedAt,
                        Instant cursor) {}

    /** The newest tick a schedule acted on. */
    public record Tick(Instant at, Optional<String> runId, String outcome, Optional<String> error, String serverId) {}

    ScheduleStates(MetadataSql sql) {
        this.sql = sql;
    }

    /** The state, created (not paused, cursor at {@code now}: no ticks before it are due) when there was none. */
    public State ensure(String pipeline, String name, Instant now) {
        Optional<State> s = find(pipeline, name);
        if (s.isPresent()) return s.get();
        sql.write(c -> Sql.update(c, "INSERT INTO server_schedules (pipeline, name, paused, changed_by, changed_at, cursor_at)"
                + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", pipeline, name, false, null, null, now.toEpochMilli()));
        return find(pipeline, name).orElseThrow();
    }

    public Optional<State> find(String pipeline, String name) {
        return sql.read(c -> Sql.first(c, "SELECT pipeline, name, paused, changed_by, changed_at, cursor_at FROM server_schedules"
                + " WHERE pipeline = ? AND name = ?", rs -> new State(rs.getString(1), rs.getString(2), rs.getBoolean(3),
                Optional.ofNullable(rs.getString(4)), Sql.optionalLong(rs, 5).map(Instant::ofEpochMilli),
                Instant.ofEpochMilli(rs.getLong(6))), pipeline, name));
    }

    /** Drops the state of a deleted schedule (its ticks stay: one defined again under the name starts afresh). */
    public void forget(String pipeline, String name) {
        sql.write(c -> Sql.update(c, "DELETE FROM server_schedules WHERE pipeline = ? AND name = ?", pipeline, name));
    }

    /** Ticks up to {@code now} were looked at. */
    void moveCursor(String pipeline, String name, Instant now) {
        sql.write(c -> Sql.update(c, "UPDATE server_schedules SET cursor_at = ? WHERE pipeline = ? AND name = ?",
                now.toEpochMilli(), pipeline, name));
    }

    /**
     * Pauses or resumes; a resumed schedule's cursor moves to {@code now}, so the ticks of the pause are skipped. Returns
     * false when it already was in that state.
     */
    public boolean setPaused(String pipeline, String name, boolean paused, String by, Instant now) {
        ensure(pipeline, name, now);
        return sql.write(c -> Sql.update(c, "UPDATE server_schedules SET paused = ?, changed_by = ?, changed_at = ?, cursor_at = ?"
                + " WHERE pipeline = ? AND name = ? AND paused = ?", paused, by, now.toEpochMilli(), now.toEpochMilli(),
                pipeline, name, !paused) > 0);
    }

    /** The newest tick the schedule acted on. */
    public Optional<Tick> lastTick(String pipeline, String name) {
        return sql.read(c -> Sql.first(c, "SELECT tick_at, run_id, outcome, error, server_id FROM server_schedule_ticks"
                + " WHERE pipeline = ? AND schedule = ? ORDER BY tick_at DESC", rs -> new Tick(Instant.ofEpochMilli(rs.getLong(1)),
                Optional.ofNullable(rs.getString(2)), rs.getString(3), Optional.ofNullable(rs.getString(4)), rs.getString(5)),
                pipeline, name));
    }

    /** Records a tick that started no run; false when the tick already had a row. */
    boolean recordTick(String pipeline, String name, Instant tick, Optional<String> runId, String outcome, Optional<String> error,
                       String serverId) {
        return sql.write(c -> insertTick(c, pipeline, name, tick, runId, outcome, error, serverId));
    }

    /** Inserts the tick's row in the caller's transaction; false when some server already acted on the tick. */
    static boolean insertTick(Connection c, String pipeline, String name, Instant tick, Optional<String> runId, String outcome,
                              Optional<String> error, String serverId) throws SQLException {
        return Sql.update(c, "INSERT INTO server_schedule_ticks (pipeline, schedule, tick_at, run_id, outcome, error, server_id,"
                + " recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", pipeline, name, tick.toEpochMilli(),
                runId, outcome, error, serverId, System.currentTimeMillis()) == 1;
    }
}
