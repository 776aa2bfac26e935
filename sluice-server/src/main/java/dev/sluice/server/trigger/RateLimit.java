package dev.sluice.server.trigger;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code n} accepted deliveries per trigger in any 60 s, in this server process (several servers each allow
 * that many). A sliding window of the accepted deliveries' times. Thread-safe.
 */
public final class RateLimit {
    private static final long WINDOW_MS = 60_000;
    private final Map<String, ArrayDeque<Long>> windows = new ConcurrentHashMap<>();

    /**
     * Takes a slot for the trigger {@code key} allowing {@code perMinute}; empty when taken, else the whole seconds
     * until one frees (for {@code Retry-After}).
     */
    public OptionalLong take(String key, int perMinute, Instant now) {
        ArrayDeque<Long> w = windows.computeIfAbsent(key, k -> new ArrayDeque<>());
        long t = now.toEpochMilli();
        synchronized (w) {
            while (!w.isEmpty() && w.peekFirst() <= t - WINDOW_MS) w.pollFirst();
            if (w.size() >= perMinute) {
                long wait = w.peekFirst() + WINDOW_MS - t;
                return OptionalLong.of(Math.max(1, (wait + 999) / 1000));
            }
            w.addLast(t);
            return OptionalLong.empty();
        }
    }

    /** Gives back the slot of a delivery that queued nothing (refused later, or a replay). */
    public void giveBack(String key) {
        ArrayDeque<Long> w = windows.get(key);
        if (w == null) return;
        synchronized (w) {
            w.pollLast();
        }
    }
}
