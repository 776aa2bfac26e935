package dev.sluice.server.queue;

import dev.sluice.api.RunStatus;
import dev.sluice.meta.MetadataQueries;
import dev.sluice.meta.MetadataSql;
import dev.sluice.meta.MetadataStores;
import dev.sluice.meta.RunRow;
import dev.sluice.server.events.EventJson;
import dev.sluice.server.events.EventLog;
import dev.sluice.server.sql.Sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Claiming queued runs for one server, and closing the entries of runs that ended. A claim is one transaction: the
 * pipeline whose runs were claimed least recently goes first (round robin, so one pipeline's thousand queued runs do
 * not starve another's); its row is locked ({@code FOR UPDATE SKIP LOCKED} on PostgreSQL: a pipeline another server
 * is claiming from is skipped, not waited for; SQLite has one writer at a time), its running runs are counted against
 * its {@code concurrency: max}, and its first queued run (by priority, then age) becomes {@code running} for this
 * server, its {@code runs} row naming this process, so a server that dies leaves it {@code interrupted}.
 * Thread-safe.
 */
public final class Claims {
    private static final int CANDIDATES = 50;

    private final MetadataSql sql;
    private final MetadataQueries queries;
    private final String serverId;

    /** @param serverId this server process ({@code host:pid:random}), recorded with each claim */
    public Claims(MetadataSql sql, MetadataQueries queries, String serverId) {
        this.sql = sql;
        this.queries = queries;
        this.serverId = serverId;
    }

    /** Claims the next run this server should start, if any may start now. */
    public Optional<Claim> next() {
        boolean any = sql.read(c -> Sql.first(c, "SELECT run_id FROM server_queue WHERE state = 'queued'", rs -> rs.getString(1))
                .isPresent());
        if (!any) return Optional.empty(); // an idle server reads; it does not take the write lock every poll
        return sql.write(c -> {
            List<String> pipelines = Sql.list(c, "SELECT q.pipeline FROM server_queue q JOIN server_pipelines p ON p.name = q.pipeline"
                    + " WHERE q.state = 'queued' GROUP BY q.pipeline, p.last_claim ORDER BY p.last_claim, q.pipeline LIMIT "
                    + CANDIDATES, rs -> rs.getString(1));
            for (String pipeline : pipelines) {
                Optional<Claim> claim = claimFrom(c, pipeline);
                if (claim.isPresent()) return claim;
            }
            return Optional.<Claim>empty();
        });
    }

    private Optional<Claim> claimFrom(Connection c, String pipeline) throws SQLException {
        String lock = sql.isPostgres() ? " FOR UPDATE SKIP LOCKED" : "";
        if (Sql.first(c, "SELECT name FROM server_pipelines WHERE name = ?" + lock, rs -> rs.getString(1), pipeline).isEmpty()) {
            return Optional.empty();
        }
        Optional<QueueEntry> first = Sql.first(c, QueueRows.COLUMNS + " WHERE state = 'queued' AND pipeline = ?"
                + " ORDER BY priority DESC, queued_at, run_id LIMIT 1" + lock, QueueRows::entry, pipeline);
        if (first.isEmpty()) return Optional.empty();
        if (first.get().concurrencyMax().isPresent()) {
            long running = Sql.first(c, "SELECT COUNT(*) FROM server_queue WHERE pipeline = ? AND state = 'running'",
                    rs -> rs.getLong(1), pipeline).orElse(0L);
            if (running >= first.get().concurrencyMax().get()) return Optional.empty();
        }
        long now = System.currentTimeMillis();
        String runId = first.get().runId();
        Sql.update(c, "UPDATE server_queue SET state = 'running', claimed_by = ?, claimed_at = ? WHERE run_id = ? AND state = 'queued'",
                serverId, now, runId);
        Sql.update(c, "UPDATE runs SET state = 'running', started_at = ?, host = ?, pid = ?, heartbeat_at = ? WHERE id = ?",
                now, MetadataStores.localHost(), ProcessHandle.current().pid(), now, runId);
        Sql.update(c, "UPDATE server_pipelines SET last_claim = (SELECT COALESCE(MAX(last_claim), 0) + 1 FROM server_pipelines)"
                + " WHERE name = ?", pipeline);
        QueueEntry claimed = QueueRows.find(c, runId).orElseThrow();
        return Optional.of(new Claim(claimed, EventLog.lastSeq(c, runId) + 1));
    }

    /** Closes the entry of a run that ended here with {@code status}. */
    public void finished(String runId, String status) {
        sql.write(c -> Sql.update(c, "UPDATE server_queue SET state = 'done', outcome = ? WHERE run_id = ? AND state = 'running'",
                status, runId));
    }

    /**
     * Ends a claimed run that could not start (its version's files changed, its parameters no longer validate): the
     * run is recorded as failed with the reason, and its clients get a {@code run_finished}.
     */
    public void failedToStart(String runId, String error) {
        long now = System.currentTimeMillis();
        sql.write(c -> {
            Sql.update(c, "UPDATE server_queue SET state = 'done', outcome = 'failed', error = ? WHERE run_id = ?", error, runId);
            Sql.update(c, "UPDATE runs SET state = 'failed', ended_at = ? WHERE id = ?", now, runId);
            return EventLog.insert(c, runId, EventJson.RUN_FINISHED, Instant.ofEpochMilli(now),
                    seq -> EventJson.finishedWithout(seq, runId, Instant.ofEpochMilli(now), "failed", error));
        });
    }

    /** The runs this server runs that someone asked to cancel (through any server). */
    public List<String> cancelRequested() {
        return sql.read(c -> Sql.list(c, "SELECT run_id FROM server_queue WHERE state = 'running' AND claimed_by = ?"
                + " AND cancel_requested", rs -> rs.getString(1), serverId));
    }

    /**
     * Closes the entries of claimed runs whose process is gone (a server that died): each is recorded
     * {@code interrupted} (its runs row already reads so) and its clients get a {@code run_finished}; a run that ended
     * but whose entry was not closed gets its final state. Returns the runs closed.
     */
    public List<String> sweep(java.util.Set<String> runningHere) {
        List<String> claimed = sql.read(c -> Sql.list(c, "SELECT run_id FROM server_queue WHERE state = 'running'",
                rs -> rs.getString(1)));
        List<String> closed = new java.util.ArrayList<>();
        for (String runId : claimed) {
            if (runningHere.contains(runId)) continue;
            Optional<RunRow> row = queries.run(runId);
            if (row.isEmpty() || row.get().state() == RunStatus.RUNNING || row.get().state() == RunStatus.QUEUED) continue;
            String status = row.get().state().label();
            long now = System.currentTimeMillis();
            boolean done = sql.write(c -> {
                int n = Sql.update(c, "UPDATE server_queue SET state = 'done', outcome = ? WHERE run_id = ? AND state = 'running'",
                        status, runId);
                if (n == 0 || !status.equals("interrupted")) return n > 0;
                EventLog.insert(c, runId, EventJson.RUN_FINISHED, Instant.ofEpochMilli(now), seq -> EventJson.finishedWithout(seq,
                        runId, Instant.ofEpochMilli(now), "interrupted", "the server running it stopped; resume it"
                                + " (POST /api/v1/runs/" + runId + "/resume)"));
                return true;
            });
            if (done) closed.add(runId);
        }
        return closed;
    }
}
