package dev.sluice.meta;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import dev.sluice.fault.CrashPoints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link MetadataWriter} with one background thread that takes whatever is queued (up to
 * {@value #MAX_BATCH} records) and commits it in one transaction, so the disk sees one commit per
 * batch instead of one per record. A transaction that fails because another process holds the
 * database is retried, and so, for a few seconds, is one that fails on a full disk (whatever filled it may
 * give its space back); one that fails for another reason is replayed record by record so that only the
 * bad record is lost, and the next {@link #flush()} reports it. When a before-commit action fails (the store could not
 * fsync what the records refer to), nothing but the ends of runs is committed from then on.
 *
 * <p>Thread-safe. The queue holds at most {@value #CAPACITY} entries; {@link #submit} blocks when it is
 * full.
 */
final class GroupCommitWriter implements MetadataWriter, AutoCloseable {
    static final int CAPACITY = 8192;
    static final int MAX_BATCH = 1024;
    private static final int MAX_TRANSIENT_RETRIES = 30;
    /** About 5 s of pauses (10 ms doubling up to 500 ms). */
    private static final int DISK_FULL_RETRIES = 14;
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);

    /** Completes when everything queued before it is committed. */
    private record FlushMarker(CompletableFuture<Void> done) {}

    private enum Stop { INSTANCE }

    private final Database database;
    private final Connection connection;
    private final List<Runnable> beforeCommit = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final WriteApplier applier;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final List<String> failures = new ArrayList<>(); // only touched by the writer thread
    private final Thread thread;
    private final Object lifecycle = new Object();
    private final java.util.concurrent.atomic.AtomicLong submitted = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong committed = new java.util.concurrent.atomic.AtomicLong();
    /** Why records are no longer committed (a before-commit action failed), or null. Only the writer thread sets it. */
    private volatile String broken;
    /** Records not committed since the last flush because of {@link #broken}; only touched by the writer thread. */
    private long dropped;
    private volatile boolean closed;
    private volatile Throwable died;

    GroupCommitWriter(Database database, Connection connection) {
        this.database = database;
        this.connection = connection;
        this.applier = new WriteApplier(connection);
        this.thread = Thread.ofPlatform().name("sluice-meta-writer").daemon(true).unstarted(this::loop);
        thread.start();
    }

    @Override
    public void submit(MetaWrite write) {
        Objects.requireNonNull(write, "write");
        submitted.incrementAndGet(); // before the record is queued: see submitted()
        enqueue(write);
    }

    @Override
    public long submitted() {
        return submitted.get();
    }

    @Override
    public long committed() {
        return committed.get();
    }

    @Override
    public void flush() {
        FlushMarker marker = new FlushMarker(new CompletableFuture<>());
        enqueue(marker);
        try {
            awaitCommitted(marker);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof MetadataException m ? m
                    : new MetadataException("metadata writer for " + database.description() + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MetadataException("interrupted while flushing metadata to " + database.description(), e);
        }
    }

    /** Waits for a marker, noticing a writer thread that died or stopped after the marker was queued. */
    private void awaitCommitted(FlushMarker marker) throws ExecutionException, InterruptedException {
        while (true) {
            try {
                marker.done().get(1, TimeUnit.SECONDS);
                return;
            } catch (TimeoutException e) {
                if (!thread.isAlive() && !marker.done().isDone()) {
                    checkAlive();
                    throw new MetadataException("the metadata writer for " + database.description()
                            + " was closed before this flush; open the store again to record more");
                }
            }
        }
    }

    private void enqueue(Object entry) {
        if (closed) {
            throw new MetadataException("the metadata writer for " + database.description()
                    + " is closed; open the store again to record more");
        }
        checkAlive();
        try {
            queue.put(entry);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MetadataException("interrupted while queueing a metadata record for " + database.description(), e);
        }
    }

    private void checkAlive() {
        if (died != null) {
            throw new MetadataException("the metadata writer for " + database.description()
                    + " stopped on an error; records are no longer saved: " + died, died);
        }
    }

    private void loop() {
        List<Object> batch = new ArrayList<>(MAX_BATCH);
        try {
            while (true) {
                batch.add(queue.take());
                queue.drainTo(batch, MAX_BATCH - 1);
                boolean stop = process(batch);
                batch.clear();
                if (stop) return;
            }
        } catch (Throwable t) { // keep callers from waiting forever on a dead thread
            died = t;
            LOG.error("Metadata writer for {} stopped: {}. Runs are no longer recorded; restart the process.",
                    database.description(), t.toString(), t);
            failPending(batch, t);
        }
    }

    /** Commits the records in a batch, then releases its flush markers; returns true on a stop request. */
    private boolean process(List<Object> batch) {
        List<MetaWrite> writes = new ArrayList<>(batch.size());
        boolean stop = false;
        for (Object entry : batch) {
            if (entry instanceof MetaWrite w) writes.add(w);
            else if (entry == Stop.INSTANCE) stop = true;
        }
        if (!writes.isEmpty()) {
            commit(writes);
            if (broken == null) committed.addAndGet(writes.size());
        }
        for (Object entry : batch) {
            if (entry instanceof FlushMarker m) release(m);
        }
        return stop;
    }

    private void release(FlushMarker marker) {
        long count = failures.size() + dropped;
        if (dropped > 0) {
            failures.add("what they refer to may not be durable: " + broken);
            dropped = 0;
        }
        if (failures.isEmpty()) {
            marker.done().complete(null);
            return;
        }
        String message = "could not record " + count + " metadata record(s) in "
                + database.description() + ":\n  " + String.join("\n  ", failures);
        failures.clear();
        marker.done().completeExceptionally(new MetadataException(message));
    }

    private void commit(List<MetaWrite> all) {
        List<MetaWrite> writes = all;
        if (broken == null) {
            try {
                runBeforeCommit();
            } catch (RuntimeException e) {
                // the files these records refer to may not be on the disk (a failed fsync): committing them would record
                // what a crash can lose, and a second fsync may report success for lost data, so from now on nothing
                // is committed but the ends of runs, which then read failed; the flush reports why
                broken = e.getMessage();
                LOG.debug("metadata writer for {} stops recording: {}", database.description(), broken);
            }
        }
        if (broken != null) {
            writes = all.stream().filter(w -> w instanceof MetaWrite.RunFinished).toList();
            dropped += all.size() - writes.size();
            if (writes.isEmpty()) return;
        }
        try {
            commitWithRetry(writes);
        } catch (SQLException e) {
            if (database.dialect().isDiskFull(e) && committedOnceThereIsRoom(writes)) return;
            LOG.warn("Group commit of {} metadata records failed ({}); replaying them one by one", writes.size(), e.toString());
            for (MetaWrite write : writes) {
                try {
                    commitWithRetry(List.of(write));
                } catch (SQLException single) {
                    LOG.error("Could not record {} in {}: {}", write, database.description(), single.toString());
                    failures.add(write + ": " + single.getMessage());
                }
            }
        }
    }

    /**
     * Tries a batch that failed on a full disk again for a few seconds: a step that filled the disk gives its partial
     * outputs and log back when it fails, and its end must be recorded, in order with what came before it.
     */
    private boolean committedOnceThereIsRoom(List<MetaWrite> writes) {
        LOG.warn("{} is on a full disk; retrying {} metadata records for a few seconds", database.description(), writes.size());
        for (int attempt = 1; attempt <= DISK_FULL_RETRIES; attempt++) {
            pause(attempt);
            try {
                commitWithRetry(writes);
                return true;
            } catch (SQLException e) {
                if (!database.dialect().isDiskFull(e)) return false;
            }
        }
        return false;
    }

    /** One transaction for all the writes, run again while the database is busy with another writer. */
    private void commitWithRetry(List<MetaWrite> writes) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                database.begin(connection);
                int half = writes.size() / 2;
                for (int i = 0; i < writes.size(); i++) {
                    if (i == half) CrashPoints.reach(CrashPoints.META_MID_COMMIT);
                    applier.apply(writes.get(i));
                }
                CrashPoints.reach(CrashPoints.META_BEFORE_COMMIT);
                database.commit(connection);
                CrashPoints.reach(CrashPoints.META_AFTER_COMMIT);
                return;
            } catch (SQLException e) {
                rollbackQuietly();
                if (!database.dialect().isTransient(e) || attempt >= MAX_TRANSIENT_RETRIES) throw e;
                pause(attempt);
            }
        }
    }

    /**
     * Runs the before-commit actions (the store's deferred fsyncs) once per batch; one that fails stops the batch,
     * since its records may refer to what is not on the disk.
     */
    private void runBeforeCommit() {
        for (Runnable action : beforeCommit) action.run();
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(Math.min(500L, 5L << Math.min(attempt, 7)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void rollbackQuietly() {
        try {
            database.rollback(connection);
        } catch (SQLException e) {
            LOG.debug("rollback failed after an error", e);
        }
    }

    private void failPending(List<Object> batch, Throwable cause) {
        List<Object> pending = new ArrayList<>(batch);
        queue.drainTo(pending);
        MetadataException failure = new MetadataException("the metadata writer for " + database.description()
                + " stopped on an error: " + cause, cause);
        for (Object entry : pending) {
            if (entry instanceof FlushMarker m) m.done().completeExceptionally(failure);
        }
    }

    @Override
    public void beforeEachCommit(Runnable action) {
        beforeCommit.add(java.util.Objects.requireNonNull(action, "action"));
    }

    /** Flushes, stops the thread and closes the connection. Idempotent. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) return;
            try {
                if (died == null) flush();
            } finally {
                closed = true;
                stopThread();
                applier.close();
                try {
                    connection.close();
                } catch (SQLException e) {
                    LOG.warn("Closing the metadata connection to {} failed: {}", database.description(), e.toString());
                }
            }
        }
    }

    private void stopThread() {
        if (died != null) return;
        try {
            queue.put(Stop.INSTANCE);
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
