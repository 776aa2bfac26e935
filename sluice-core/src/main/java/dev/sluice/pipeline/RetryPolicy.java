package dev.sluice.pipeline;

import java.time.Duration;
import java.util.Objects;

/**
 * How often a failed step is tried again, and how long to wait before each retry
 * ({@code backoff * factor^(retry-1)}).
 */
public record RetryPolicy(int maxRetries, Duration backoff, double factor) {
    public static final RetryPolicy NONE = new RetryPolicy(0, Duration.ZERO, 1.0);

    public RetryPolicy {
        Objects.requireNonNull(backoff, "backoff");
        if (maxRetries < 0) throw new IllegalArgumentException("maxRetries < 0");
        if (factor < 1.0) throw new IllegalArgumentException("factor < 1");
    }

    /** The wait before retry number {@code retry} (1-based). */
    public Duration delayBefore(int retry) {
        double millis = backoff.toMillis() * Math.pow(factor, Math.max(0, retry - 1));
        return Duration.ofMillis((long) Math.min(millis, Duration.ofHours(1).toMillis()));
    }
}
