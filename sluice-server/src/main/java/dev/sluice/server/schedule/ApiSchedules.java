package dev.sluice.server.schedule;

import dev.sluice.api.DefinitionException;
import dev.sluice.meta.MetadataSql;
import dev.sluice.pipeline.PipelineSpec;
import dev.sluice.pipeline.Schedule;
import dev.sluice.server.sql.Sql;
import dev.sluice.yaml.ScheduleEntries;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The schedules defined through the API ({@code server_api_schedules}): each stored as the JSON text of a
 * {@code schedules:} entry and read by the pipeline loader's own schedule reader, against the parameters of the
 * pipeline's latest version. Stateless over the database; thread-safe.
 */
public final class ApiSchedules {
    /** Names the stored text in the problems of an invalid one. */
    public static final String ORIGIN = "request";

    /** One stored definition. */
    public record Stored(String pipeline, String name, String definition, String createdBy, Instant createdAt) {}

    private final MetadataSql sql;

    ApiSchedules(MetadataSql sql) {
        this.sql = sql;
    }

    /** The schedule {@code definition} describes for {@code spec}; throws with the loader's messages when invalid. */
    public static Schedule parse(String definition, PipelineSpec spec) throws DefinitionException {
        return ScheduleEntries.read(definition, ORIGIN, spec.params());
    }

    /** Adds or replaces one; true when it replaced one. */
    public boolean put(String pipeline, String name, String definition, String by, Instant at) {
        return sql.write(c -> {
            int gone = Sql.update(c, "DELETE FROM server_api_schedules WHERE pipeline = ? AND name = ?", pipeline, name);
            Sql.update(c, "INSERT INTO server_api_schedules (pipeline, name, definition, created_by, created_at)"
                    + " VALUES (?, ?, ?, ?, ?)", pipeline, name, definition, by, at.toEpochMilli());
            return gone > 0;
        });
    }

    /** Deletes one; false when there was none. */
    public boolean delete(String pipeline, String name) {
        return sql.write(c -> Sql.update(c, "DELETE FROM server_api_schedules WHERE pipeline = ? AND name = ?", pipeline, name) > 0);
    }

    public Optional<Stored> find(String pipeline, String name) {
        return sql.read(c -> Sql.first(c, "SELECT pipeline, name, definition, created_by, created_at FROM server_api_schedules"
                + " WHERE pipeline = ? AND name = ?", ApiSchedules::row, pipeline, name));
    }

    /** A pipeline's API-defined schedules, by name. */
    public List<Stored> of(String pipeline) {
        return sql.read(c -> Sql.list(c, "SELECT pipeline, name, definition, created_by, created_at FROM server_api_schedules"
                + " WHERE pipeline = ? ORDER BY name", ApiSchedules::row, pipeline));
    }

    private static Stored row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Stored(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), Instant.ofEpochMilli(rs.getLong(5)));
    }
}
