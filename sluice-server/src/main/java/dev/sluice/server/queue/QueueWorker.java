package dev.sluice.server.queue;

import dev.sluice.exec.RunHandle;
import dev.sluice.exec.RunResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The server's queue loop, one thread: while fewer than {@code slots} runs go here, claim the next queued run and
 * start it; stop the runs someone asked to cancel; every few seconds close the entries of runs whose server died; and
 * start the periodic work given with {@link #every} (the retention sweep) when it is due.
 * A submission on this server wakes it at once; runs queued through other servers are seen within {@code poll}.
 * {@link #drain} stops claiming and waits for the running runs. Thread-safe.
 */
public final class QueueWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QueueWorker.class);
    private static final Duration SWEEP_EVERY = Duration.ofSeconds(2);

    private final Claims claims;
    private final RunStarter starter;
    private final int slots;
    private final Duration poll;
    private final Map<String, RunHandle> running = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final Thread thread;
    private final List<Periodic> periodic = new java.util.concurrent.CopyOnWriteArrayList<>();
    private boolean signalled;
    private volatile boolean draining;
    private volatile boolean stopped;
    private long lastSweep;

    QueueWorker(Claims claims, RunStarter starter, int slots, Duration poll) {
        this.claims = claims;
        this.starter = starter;
        this.slots = slots;
        this.poll = poll;
        this.thread = Thread.ofPlatform().name("sluice-server-queue").daemon(true).unstarted(this::loop);
    }

    /** A worker over the catalog and workspace, starting at most {@code slots} runs at once. */
    public static QueueWorker create(Claims claims, dev.sluice.server.catalog.PipelineCatalog catalog,
                                     dev.sluice.exec.Workspace ws, dev.sluice.server.events.EventLog events,
                                     dev.sluice.exec.RunOptions options, int slots, Duration poll,
                                     dev.sluice.server.notify.Notifier notifier) {
        return new QueueWorker(claims, new RunStarter(catalog, ws, events, options, notifier), slots, poll);
    }

    public void start() {
        thread.start();
    }

    /** Work the loop starts about every {@code every}, on a thread of its own; never two at once. */
    private static final class Periodic {
        final String name;
        final Duration every;
        final Runnable task;
        final java.util.concurrent.atomic.AtomicBoolean going = new java.util.concurrent.atomic.AtomicBoolean();
        long last = System.currentTimeMillis();

        Periodic(String name, Duration every, Runnable task) {
            this.name = name;
            this.every = every;
            this.task = task;
        }
    }

    /**
     * Runs {@code task} about every {@code every} (first after one interval) while the server accepts runs, on a
     * virtual thread of its own so that the queue never waits for it; one that is still going is not started again.
     * Used for the retention sweep. A task that throws is logged and tried again at its next time.
     */
    public void every(String name, Duration every, Runnable task) {
        if (every.isZero() || every.isNegative()) throw new IllegalArgumentException(name + ": the interval must be positive");
        periodic.add(new Periodic(name, every, task));
    }

    private void startDue() {
        long now = System.currentTimeMillis();
        for (Periodic p : periodic) {
            if (draining || now - p.last < p.every.toMillis() || !p.going.compareAndSet(false, true)) continue;
            p.last = now;
            Thread.ofVirtual().name("sluice-" + p.name).start(() -> {
                try {
                    p.task.run();
                } catch (RuntimeException e) {
                    LOG.warn("{} failed ({}); it is tried again in {} s", p.name, e.toString(), p.every.toSeconds());
                } finally {
                    p.going.set(false);
                }
            });
        }
    }

    /** Looks at the queue now (a run was submitted here, or one ended). */
    public void wake() {
        lock.lock();
        try {
            signalled = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The runs going in this process. */
    public Set<String> runningHere() {
        return Set.copyOf(running.keySet());
    }

    /** True while the server accepts and starts runs. */
    public boolean accepting() {
        return !draining;
    }

    private void loop() {
        while (!stopped) {
            try {
                step();
            } catch (RuntimeException e) {
                LOG.error("the run queue loop failed ({}); trying again in {} ms", e.toString(), poll.toMillis(), e);
            }
            await();
        }
    }

    private void step() {
        if (System.currentTimeMillis() - lastSweep >= SWEEP_EVERY.toMillis()) {
            lastSweep = System.currentTimeMillis();
            List<String> closed = claims.sweep(runningHere());
            if (!closed.isEmpty()) LOG.info("closed {} run(s) whose server stopped: {}", closed.size(), closed);
        }
        startDue();
        for (String runId : claims.cancelRequested()) {
            RunHandle h = running.get(runId);
            if (h != null) h.cancel();
        }
        while (!draining && running.size() < slots) {
            var claim = claims.next();
            if (claim.isEmpty()) return;
            launch(claim.get());
        }
    }

    private void launch(Claim claim) {
        String runId = claim.entry().runId();
        RunHandle handle;
        try {
            handle = starter.start(claim);
        } catch (RunStarter.CannotStart | RuntimeException e) {
            LOG.warn("run {} of pipeline '{}' could not start: {}", runId, claim.entry().pipeline(), e.getMessage());
            claims.failedToStart(runId, e.getMessage() == null ? e.toString() : e.getMessage());
            return;
        }
        running.put(runId, handle);
        LOG.info("run {} of pipeline '{}' started (submitted by {})", runId, claim.entry().pipeline(), claim.entry().submittedBy());
        Thread.ofVirtual().name("sluice-run-" + runId).start(() -> {
            RunResult r = handle.await();
            try {
                claims.finished(runId, r.status().label());
            } catch (RuntimeException e) {
                LOG.warn("run {}: its queue entry was not closed ({}); another server's sweep will", runId, e.toString());
            } finally {
                running.remove(runId);
                wake();
            }
        });
    }

    private void await() {
        lock.lock();
        try {
            if (!signalled) wake.await(poll.toMillis(), TimeUnit.MILLISECONDS);
            signalled = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops claiming runs and waits up to {@code grace} for the running ones to end; returns those still running.
     */
    public List<String> drain(Duration grace) {
        draining = true;
        long deadline = System.nanoTime() + grace.toNanos();
        while (!running.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return List.copyOf(running.keySet());
    }

    /** Cancels the runs still going here (an embedded server closing) and waits for them to end. */
    public void cancelRunning(Duration wait) {
        running.values().forEach(RunHandle::cancel);
        drain(wait);
    }

    @Override
    public void close() {
        draining = true;
        stopped = true;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
