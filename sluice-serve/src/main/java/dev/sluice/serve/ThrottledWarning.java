package dev.sluice.serve;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A warning about something that can happen thousands of times a minute (clients that go away mid-request): the
 * first occurrence is reported at once, later ones at most once per interval, each line saying how many were held
 * back since the one before. One line each, never a stack trace. Thread-safe and lock-free.
 */
final class ThrottledWarning {
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final Consumer<String> out;
    private final AtomicLong nextAllowed;
    private final AtomicLong heldBack = new AtomicLong();

    /** Reports through {@code out}, at most once per {@code interval} of {@code nanoTime}. */
    ThrottledWarning(Duration interval, LongSupplier nanoTime, Consumer<String> out) {
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
        this.out = out;
        this.nextAllowed = new AtomicLong(nanoTime.getAsLong());
    }

    /** One occurrence: reported as {@code what} (plus the count held back) unless one was reported lately. */
    void occurred(String what) {
        long now = nanoTime.getAsLong();
        long next = nextAllowed.get();
        if (now - next < 0 || !nextAllowed.compareAndSet(next, now + intervalNanos)) {
            heldBack.incrementAndGet();
            return;
        }
        long more = heldBack.getAndSet(0);
        out.accept(more == 0 ? what : what + " (and " + more + " more like it since the last such line)");
    }
}
