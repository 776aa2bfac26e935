package dev.sluice.exec;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The worker threads of one run: at most {@code workers} of its tasks run at once, in the order given, on daemon
 * threads ({@code sluice-worker-N}) that the process's runs share. A thread idle for {@link #KEEP_ALIVE_SECONDS}
 * ends. Making two or three threads per run, and on each of them again the per-thread state of the JDK (NIO's
 * buffers, a message digest), was a measurable part of a small run's fixed cost; a thread's interrupt status is
 * cleared before each task, as a pool of the run's own did. After {@link #shutdown()} new tasks are refused; those
 * queued still run. Thread-safe.
 */
final class RunWorkers {
    static final long KEEP_ALIVE_SECONDS = 60;
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService SHARED = new ThreadPoolExecutor(0, Integer.MAX_VALUE, KEEP_ALIVE_SECONDS,
            TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "sluice-worker-" + THREADS.incrementAndGet());
                t.setDaemon(true);
                return t;
            });

    private final int workers;
    private final Queue<Runnable> queued = new ConcurrentLinkedQueue<>();
    private final AtomicInteger running = new AtomicInteger();
    private volatile boolean shutdown;

    RunWorkers(int workers) {
        if (workers < 1) throw new IllegalArgumentException("a run needs at least one worker, not " + workers);
        this.workers = workers;
    }

    /** Runs the task on a worker when one of this run's is free. */
    void execute(Runnable task) {
        if (shutdown) throw new RejectedExecutionException("the run has ended; its workers take no more steps");
        queued.add(task);
        drain();
    }

    /** Refuses further tasks; the queued ones still run. */
    void shutdown() {
        shutdown = true;
    }

    /** Starts a drainer for each free worker slot while tasks wait. */
    private void drain() {
        while (!queued.isEmpty()) {
            int n = running.get();
            if (n >= workers) return;
            if (!running.compareAndSet(n, n + 1)) continue;
            SHARED.execute(this::runQueued);
        }
    }

    private void runQueued() {
        try {
            Runnable task;
            while ((task = queued.poll()) != null) {
                Thread.interrupted(); // a stray interrupt of an earlier task is not this one's
                task.run();
            }
        } finally { // also when a task threw: the thread ends, as in a pool of its own, and the queue goes on
            running.decrementAndGet();
            drain(); // a task queued after the poll above, when every slot looked busy
        }
    }
}
