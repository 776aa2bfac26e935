package dev.sluice.ml.model.prep;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs one task per column on up to {@code threads} threads (the caller's thread is one of them): fitting and
 * applying preprocessing are independent per column, so a wide table is prepared on every core the step has.
 * Small inputs run on the caller's thread. When tasks fail, the failure of the lowest column index is thrown,
 * so the error a user sees is the same as with one thread.
 */
final class ColumnTasks {
    /** Below this many cells the work stays on the caller's thread (starting a thread costs more). */
    static final long PARALLEL_CELLS = 1 << 18;

    private ColumnTasks() {
    }

    static void run(int columns, long rows, int threads, IntConsumer task) {
        int workers = (int) Math.min(Math.max(1, threads), columns);
        if (workers <= 1 || columns * rows < PARALLEL_CELLS) {
            for (int i = 0; i < columns; i++) task.accept(i);
            return;
        }
        AtomicInteger next = new AtomicInteger();
        RuntimeException[] failures = new RuntimeException[columns];
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < columns; i = next.getAndIncrement()) {
                try {
                    task.accept(i);
                } catch (RuntimeException e) {
                    failures[i] = e;
                }
            }
        };
        Thread[] helpers = new Thread[workers - 1];
        for (int t = 0; t < helpers.length; t++) helpers[t] = Thread.ofPlatform().name("prep-" + t).daemon().start(worker);
        worker.run();
        for (Thread t : helpers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while preparing features", e);
            }
        }
        for (RuntimeException e : failures) if (e != null) throw e;
    }
}
