package dev.sluice.server.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sluice.exec.RunEvent;
import dev.sluice.exec.RunListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The events of a run this server is running: a {@link RunListener} that numbers each executor event, keeps it in
 * memory for the clients streaming it (woken at once), and hands it on to be written to the database. Events before
 * the run started here ({@code run_queued}) are in the database only; this buffer starts at {@code firstSeq}.
 * Thread-safe; the listener is fast and never throws.
 */
public final class LiveRun implements RunListener {
    private static final Logger LOG = LoggerFactory.getLogger(LiveRun.class);

    private final String runId;
    private final long firstSeq;
    private final Consumer<StoredEvent> sink;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<StoredEvent> events = new ArrayList<>();
    private volatile boolean finished;

    LiveRun(String runId, long firstSeq, Consumer<StoredEvent> sink) {
        this.runId = runId;
        this.firstSeq = firstSeq;
        this.sink = sink;
    }

    public String runId() {
        return runId;
    }

    /** The number of this run's first event held here. */
    long firstSeq() {
        return firstSeq;
    }

    boolean finished() {
        return finished;
    }

    @Override
    public void onEvent(RunEvent e) {
        try {
            StoredEvent stored;
            lock.lock();
            try {
                long seq = firstSeq + events.size();
                String json = EventJson.JSON.writeValueAsString(EventJson.of(seq, e));
                stored = new StoredEvent(runId, seq, e.at().toEpochMilli(), EventJson.type(e), json);
                events.add(stored);
                if (stored.isLast()) finished = true;
                sink.accept(stored); // handed to the writer before any client can see it (RunRoutes.cancel relies on it)
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        } catch (JsonProcessingException | RuntimeException ex) {
            LOG.warn("run {}: event {} not recorded for clients: {}", runId, e.getClass().getSimpleName(), ex.toString());
        }
    }

    /** The events numbered above {@code afterSeq} that this buffer holds (from {@link #firstSeq}), at most {@code max}. */
    List<StoredEvent> after(long afterSeq, int max) {
        lock.lock();
        try {
            int from = (int) Math.max(0, afterSeq + 1 - firstSeq);
            if (from >= events.size()) return List.of();
            return List.copyOf(events.subList(from, Math.min(events.size(), from + max)));
        } finally {
            lock.unlock();
        }
    }

    /** Waits until an event above {@code afterSeq} exists or {@code timeout} passes. */
    void await(long afterSeq, Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            long nanos = timeout.toNanos();
            while (firstSeq + events.size() - 1 <= afterSeq && nanos > 0) nanos = changed.awaitNanos(nanos);
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every waiting client (the server is stopping). */
    void wake() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "LiveRun[" + runId + "]";
    }

    static long timeoutMillis(Duration d) {
        return TimeUnit.NANOSECONDS.toMillis(d.toNanos());
    }
}
