package dev.sluice.server.queue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.server.sql.Sql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Reading and writing {@code server_queue} rows. Stateless; thread-safe. */
final class QueueRows {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String COLUMNS = "SELECT run_id, pipeline, version, state, priority, params_json, no_cache, resume_of,"
            + " concurrency_max, submitted_by, queued_at, claimed_by, claimed_at, cancel_requested, outcome, error FROM server_queue";

    private QueueRows() {}

    static Optional<QueueEntry> find(Connection c, String runId) throws SQLException {
        return Sql.first(c, COLUMNS + " WHERE run_id = ?", QueueRows::entry, runId);
    }

    static QueueEntry entry(ResultSet rs) throws SQLException {
        Optional<Long> max = Sql.optionalLong(rs, 9);
        return new QueueEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                params(rs.getString(6)), rs.getBoolean(7), Optional.ofNullable(rs.getString(8)), max.map(Long::intValue),
                rs.getString(10), Instant.ofEpochMilli(rs.getLong(11)), Optional.ofNullable(rs.getString(12)),
                Sql.optionalLong(rs, 13).map(Instant::ofEpochMilli), rs.getBoolean(14), Optional.ofNullable(rs.getString(15)),
                Optional.ofNullable(rs.getString(16)));
    }

    static String json(Map<String, String> params) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(params));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, String> params(String json) {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, String>>() { });
        } catch (IOException e) {
            return Map.of();
        }
    }

    /** Marks a queued run done as cancelled (its run row too); false when it was no longer queued. */
    static boolean cancelQueued(Connection c, String runId, String outcome, String why) throws SQLException {
        long now = System.currentTimeMillis();
        int n = Sql.update(c, "UPDATE server_queue SET state = 'done', outcome = ?, error = ? WHERE run_id = ? AND state = 'queued'",
                outcome, why, runId);
        if (n == 0) return false;
        Sql.update(c, "UPDATE runs SET state = 'cancelled', ended_at = ? WHERE id = ? AND state = 'queued'", now, runId);
        dev.sluice.server.events.EventLog.insert(c, runId, dev.sluice.server.events.EventJson.RUN_FINISHED, Instant.ofEpochMilli(now),
                seq -> dev.sluice.server.events.EventJson.finishedWithout(seq, runId, Instant.ofEpochMilli(now), "cancelled", why));
        return true;
    }
}
