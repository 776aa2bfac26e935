package dev.sluice.server;

import dev.sluice.pipeline.Retention;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the server applies retention: every {@code every} its queue loop starts a sweep that deletes the runs their
 * pipeline's {@code retention:} lets go, with {@code fallback} as the policy of pipelines that declare none
 * ({@code sluice server --retention keep_days=30,keep_last=100}, or {@code SLUICE_RETENTION}). Without a fallback,
 * only pipelines that declare {@code retention:} lose runs. Immutable.
 */
public record RetentionSchedule(Optional<Retention> fallback, Duration every) {
    /** An hour between sweeps. */
    public static final Duration DEFAULT_EVERY = Duration.ofHours(1);

    public RetentionSchedule {
        Objects.requireNonNull(fallback, "fallback");
        Objects.requireNonNull(every, "every");
        if (every.isZero() || every.isNegative()) throw new IllegalArgumentException("the retention interval must be positive, got " + every);
    }

    /** Hourly sweeps, no default policy. */
    public static RetentionSchedule defaults() {
        return new RetentionSchedule(Optional.empty(), DEFAULT_EVERY);
    }
}
