package dev.sluice.server.trigger;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * How the server's triggers run. Immutable; {@link #defaults()} is what {@code sluice server} uses.
 *
 * @param environment where a webhook's {@code secret_env} is looked up (the server's environment); a secret is read
 *                    when a delivery arrives, so a changed variable needs a restart only because the process
 *                    environment is fixed
 * @param dataPoll    how often the watched folders are listed
 * @param upstreamPoll how often the runs that ended are looked at for upstream triggers
 * @param clock       the time of webhook timestamps, rate limits and how long a data file stayed unchanged
 */
public record TriggerSettings(Function<String, Optional<String>> environment, Duration dataPoll, Duration upstreamPoll,
                              java.time.Clock clock) {
    public TriggerSettings {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(clock, "clock");
        if (dataPoll.isZero() || dataPoll.isNegative()) throw new IllegalArgumentException("dataPoll must be positive");
        if (upstreamPoll.isZero() || upstreamPoll.isNegative()) throw new IllegalArgumentException("upstreamPoll must be positive");
    }

    /** The process environment, folders listed every 2 s, ended runs looked at every 2 s. */
    public static TriggerSettings defaults() {
        return new TriggerSettings(name -> Optional.ofNullable(System.getenv(name)), Duration.ofSeconds(2), Duration.ofSeconds(2),
                java.time.Clock.systemUTC());
    }

    public TriggerSettings withEnvironment(Function<String, Optional<String>> env) {
        return new TriggerSettings(env, dataPoll, upstreamPoll, clock);
    }

    public TriggerSettings withPolls(Duration data, Duration upstream) {
        return new TriggerSettings(environment, data, upstream, clock);
    }

    public TriggerSettings withClock(java.time.Clock c) {
        return new TriggerSettings(environment, dataPoll, upstreamPoll, c);
    }
}
