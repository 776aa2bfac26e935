package dev.sluice.server.trigger;

import org.slf4j.Logger;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One daemon thread that runs a poll at a fixed delay; a poll that fails is logged and tried again at the next one.
 * Thread-safe.
 */
final class PollingThread {
    private final ScheduledExecutorService thread;

    PollingThread(String name) {
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code poll} after {@code first}, then every {@code every}; {@code what} names it in the warning. */
    void start(Duration first, Duration every, Runnable poll, Logger log, String what) {
        thread.scheduleWithFixedDelay(() -> {
            try {
                poll.run();
            } catch (RuntimeException e) {
                log.warn("{} failed ({}); trying again in {} ms", what, e.toString(), every.toMillis());
            }
        }, first.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the thread; a poll under way is interrupted. */
    void stop() {
        thread.shutdownNow();
    }
}
