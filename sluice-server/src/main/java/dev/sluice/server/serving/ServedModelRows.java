package dev.sluice.server.serving;

import dev.sluice.meta.MetadataSql;
import dev.sluice.server.sql.Sql;

import java.util.List;

/**
 * The served models kept in the database ({@code server_served_models}): each one's {@link ServeSpec} in its
 * {@code --serve} form, who added it and when, so a restarted server serves them again. Thread-safe.
 */
final class ServedModelRows {
    /** A kept row. */
    record Row(String model, String spec, String addedBy) {}

    private final MetadataSql sql;

    ServedModelRows(MetadataSql sql) {
        this.sql = sql;
    }

    /** Keeps a served model, replacing what was kept under its key. */
    void save(ServeSpec spec, String by) {
        sql.write(c -> Sql.update(c, "INSERT INTO server_served_models (model, spec, added_by, added_at) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (model) DO UPDATE SET spec = excluded.spec, added_by = excluded.added_by, added_at = excluded.added_at",
                spec.key(), spec.toString(), by, System.currentTimeMillis()));
    }

    /** Forgets a served model; false when none was kept under that key. */
    boolean delete(String key) {
        return sql.write(c -> Sql.update(c, "DELETE FROM server_served_models WHERE model = ?", key)) > 0;
    }

    /** Every kept served model, oldest first. */
    List<Row> all() {
        return sql.read(c -> Sql.list(c, "SELECT model, spec, added_by FROM server_served_models ORDER BY added_at, model",
                rs -> new Row(rs.getString(1), rs.getString(2), rs.getString(3))));
    }
}
