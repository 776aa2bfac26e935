package dev.sluice.cli;

import java.time.Duration;
import java.util.Locale;

/** Short human durations for progress lines and summaries: {@code 0.12s}, {@code 12.3s}, {@code 2m05s}. Stateless. */
final class Durations {
    private Durations() {
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
