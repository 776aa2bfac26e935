package dev.sluice.server.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.meta.MetadataSql;
import dev.sluice.server.sql.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Every run's events, for {@code GET /api/v1/runs/{id}/events}: kept in the database ({@code server_run_events},
 * written in batches by one thread, in order), and for the runs this server is running also in memory
 * ({@link LiveRun}), so a client streaming one here is woken at once. A client that reconnects with
 * {@code Last-Event-ID} gets the rest from either, on any server of the database: events are numbered from 1 without
 * gaps. Thread-safe.
 */
public final class EventLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);
    private static final int BATCH = 500;
    /** How long a finished run's events stay in memory after its last one (then they are read from the database). */
    private static final Duration KEEP_FINISHED = Duration.ofSeconds(30);

    private final MetadataSql sql;
    private final Map<String, LiveRun> live = new ConcurrentHashMap<>();
    private final Map<String, Long> finishedAt = new ConcurrentHashMap<>();
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    /** Signalled when a run starts here, so a client waiting for a queued run's first event is woken at once. */
    private final ReentrantLock openLock = new ReentrantLock();
    private final Condition opened = openLock.newCondition();
    private long openings;
    private volatile boolean closed;

    public EventLog(MetadataSql sql) {
        this.sql = sql;
        this.writer = Thread.ofPlatform().name("sluice-server-events").daemon(true).start(this::writeLoop);
    }

    /** The buffer of a run starting here, whose next event is numbered {@code nextSeq}. */
    public LiveRun open(String runId, long nextSeq) {
        forgetOld();
        LiveRun run = new LiveRun(runId, nextSeq, e -> {
            queue.add(e);
            if (e.isLast()) finishedAt.put(runId, System.currentTimeMillis());
        });
        live.put(runId, run);
        signalOpenings();
        return run;
    }

    private void signalOpenings() {
        openLock.lock();
        try {
            openings++;
            opened.signalAll();
        } finally {
            openLock.unlock();
        }
    }

    /** Events of a run numbered above {@code afterSeq}, in order, at most {@code max}. */
    public List<StoredEvent> after(String runId, long afterSeq, int max) {
        forgetOld();
        LiveRun run = live.get(runId);
        if (run != null && afterSeq + 1 >= run.firstSeq()) return run.after(afterSeq, max);
        List<StoredEvent> stored = sql.read(c -> Sql.list(c, "SELECT run_id, seq, at, type, data_json FROM server_run_events"
                + " WHERE run_id = ? AND seq > ? ORDER BY seq LIMIT ?", rs -> new StoredEvent(rs.getString(1), rs.getLong(2),
                rs.getLong(3), rs.getString(4), rs.getString(5)), runId, afterSeq, max));
        if (run == null || stored.size() >= max) return stored;
        List<StoredEvent> all = new ArrayList<>(stored);
        long last = stored.isEmpty() ? afterSeq : stored.getLast().seq();
        all.addAll(run.after(last, max - stored.size()));
        return all;
    }

    /**
     * Waits for an event above {@code afterSeq}: woken at once for a run running here, or when a run starts here (the
     * queued one may be it), else after {@code poll} (the run runs on another server, whose events arrive through the
     * database).
     */
    public void await(String runId, long afterSeq, Duration poll, Duration liveWait) throws InterruptedException {
        long seen;
        openLock.lock();
        try {
            seen = openings;
        } finally {
            openLock.unlock();
        }
        LiveRun run = live.get(runId);
        if (run != null && !closed) {
            run.await(afterSeq, liveWait);
            return;
        }
        openLock.lock();
        try {
            long nanos = poll.toNanos();
            while (openings == seen && nanos > 0 && !closed) nanos = opened.awaitNanos(nanos);
        } finally {
            openLock.unlock();
        }
    }

    /** True when the run's events are being made here (its clients need not poll). */
    public boolean isLive(String runId) {
        return live.containsKey(runId);
    }

    /**
     * Writes one event the server makes itself (queued, cancelled before it started, could not start, interrupted)
     * in the caller's transaction, numbered after the run's last one; returns its number.
     */
    public static long insert(Connection c, String runId, String type, Instant at, java.util.function.LongFunction<ObjectNode> event)
            throws SQLException {
        long seq = Sql.first(c, "SELECT COALESCE(MAX(seq), 0) FROM server_run_events WHERE run_id = ?",
                rs -> rs.getLong(1), runId).orElse(0L) + 1;
        String json;
        try {
            json = EventJson.JSON.writeValueAsString(event.apply(seq));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write event " + type, e);
        }
        Sql.update(c, "INSERT INTO server_run_events (run_id, seq, at, type, data_json) VALUES (?, ?, ?, ?, ?)",
                runId, seq, at.toEpochMilli(), type, json);
        return seq;
    }

    /** The number of a run's last stored event (0 when none), for a run about to start here. */
    public static long lastSeq(Connection c, String runId) throws SQLException {
        return Sql.first(c, "SELECT COALESCE(MAX(seq), 0) FROM server_run_events WHERE run_id = ?", rs -> rs.getLong(1), runId)
                .orElse(0L);
    }

    /** Blocks until every event handed over before this call is in the database. */
    public void flush() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.add(done);
        try {
            done.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("run events were not all written to the database: {}", e.toString());
        }
    }

    private void writeLoop() {
        List<Object> batch = new ArrayList<>(BATCH);
        while (true) {
            try {
                batch.add(queue.take());
                queue.drainTo(batch, BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                if (closed && queue.isEmpty()) return;
            } catch (RuntimeException e) {
                LOG.error("run events could not be written to the database ({}); clients of other servers will miss them",
                        e.toString());
                batch.stream().filter(o -> o instanceof CompletableFuture<?>).forEach(o -> ((CompletableFuture<?>) o).complete(null));
            }
            batch.clear();
        }
    }

    private void write(List<Object> batch) {
        List<StoredEvent> events = new ArrayList<>();
        for (Object o : batch) if (o instanceof StoredEvent e) events.add(e);
        if (!events.isEmpty()) {
            sql.write(c -> {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO server_run_events (run_id, seq, at, type, data_json)"
                        + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (run_id, seq) DO NOTHING")) {
                    for (StoredEvent e : events) {
                        s.setString(1, e.runId());
                        s.setLong(2, e.seq());
                        s.setLong(3, e.atMillis());
                        s.setString(4, e.type());
                        s.setString(5, e.json());
                        s.addBatch();
                    }
                    s.executeBatch();
                }
                return null;
            });
        }
        for (Object o : batch) if (o instanceof CompletableFuture<?> f) ((CompletableFuture<?>) f).complete(null);
    }

    /** Drops from memory the runs that finished a while ago (their events are in the database by then). */
    private void forgetOld() {
        long cutoff = System.currentTimeMillis() - KEEP_FINISHED.toMillis();
        finishedAt.entrySet().removeIf(e -> {
            if (e.getValue() > cutoff) return false;
            live.remove(e.getKey());
            return true;
        });
    }

    /** The live buffer of a run, if it runs here. */
    public Optional<LiveRun> liveRun(String runId) {
        return Optional.ofNullable(live.get(runId));
    }

    /** Writes what is pending and stops the writer; clients waiting on live runs are woken. */
    @Override
    public void close() {
        flush();
        closed = true;
        live.values().forEach(LiveRun::wake);
        signalOpenings();
        writer.interrupt();
    }
}
