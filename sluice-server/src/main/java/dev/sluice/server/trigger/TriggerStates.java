package dev.sluice.server.trigger;

import dev.sluice.meta.MetadataSql;
import dev.sluice.server.sql.Sql;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Whether each trigger is paused ({@code server_trigger_states}, server migration 008), by whom and since when. A
 * trigger without a row is active. The state is in the database, so it survives a restart and every server on one
 * PostgreSQL honours it. Stateless over the database; thread-safe.
 */
public final class TriggerStates {
    private final MetadataSql sql;

    /** A trigger's stored state. */
    public record State(String pipeline, String name, boolean paused, Optional<String> changedBy, Optional<Instant> changedAt) {
        /** The state of a trigger nobody paused or resumed. */
        public static State active(String pipeline, String name) {
            return new State(pipeline, name, false, Optional.empty(), Optional.empty());
        }
    }

    public TriggerStates(MetadataSql sql) {
        this.sql = sql;
    }

    public State find(String pipeline, String name) {
        return sql.read(c -> Sql.first(c, "SELECT pipeline, name, paused, changed_by, changed_at FROM server_trigger_states"
                + " WHERE pipeline = ? AND name = ?", TriggerStates::state, pipeline, name)).orElse(State.active(pipeline, name));
    }

    /** Every stored state, by {@code pipeline/name} (one query: the watchers read it each poll). */
    public Map<String, State> all() {
        Map<String, State> out = new HashMap<>();
        for (State s : sql.read(c -> Sql.list(c, "SELECT pipeline, name, paused, changed_by, changed_at FROM server_trigger_states",
                TriggerStates::state))) {
            out.put(key(s.pipeline(), s.name()), s);
        }
        return out;
    }

    public boolean paused(String pipeline, String name) {
        return find(pipeline, name).paused();
    }

    /** Pauses or resumes; false when the trigger already was in that state. */
    public boolean setPaused(String pipeline, String name, boolean paused, String by, Instant now) {
        return sql.write(c -> {
            Sql.update(c, "INSERT INTO server_trigger_states (pipeline, name, paused, changed_by, changed_at) VALUES (?, ?, ?, ?, ?)"
                    + " ON CONFLICT DO NOTHING", pipeline, name, false, null, null);
            return Sql.update(c, "UPDATE server_trigger_states SET paused = ?, changed_by = ?, changed_at = ?"
                    + " WHERE pipeline = ? AND name = ? AND paused = ?", paused, by, now.toEpochMilli(), pipeline, name, !paused) > 0;
        });
    }

    static String key(String pipeline, String name) {
        return pipeline + "/" + name;
    }

    private static State state(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new State(rs.getString(1), rs.getString(2), rs.getBoolean(3), Optional.ofNullable(rs.getString(4)),
                Sql.optionalLong(rs, 5).map(Instant::ofEpochMilli));
    }
}
