package dev.sluice.cli;

import java.time.Duration;
import java.util.Locale;

/**
 * Elapsed times as progress lines and summaries show them: {@code 0.12s}, {@code 12.3s}, {@code 2m05s}, {@code 1h02m}.
 * Duration options are read by {@link dev.sluice.internal.Durations}. Stateless.
 */
final class Elapsed {
    private Elapsed() {
    }

    static String format(Duration d) {
        long millis = Math.max(0, d.toMillis());
        if (millis < 10_000) return String.format(Locale.ROOT, "%.2fs", millis / 1000.0);
        if (millis < 60_000) return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
        long seconds = millis / 1000;
        if (seconds < 3600) return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, (seconds % 3600) / 60);
    }
}
