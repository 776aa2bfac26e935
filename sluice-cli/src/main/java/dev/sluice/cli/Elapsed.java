package dev.sluice.cli;

import dev.sluice.internal.Durations;

import java.time.Duration;

/**
 * Elapsed times as progress lines and summaries show them: {@code 0.12s}, {@code 12.3s}, {@code 2m05s}, {@code 1h02m};
 * the CLI's short name for {@link Durations#elapsed}, which the run report uses too. Stateless.
 */
final class Elapsed {
    private Elapsed() {
    }

    static String format(Duration d) {
        return Durations.elapsed(d);
    }
}
