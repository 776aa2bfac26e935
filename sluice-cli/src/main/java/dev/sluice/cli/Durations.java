package dev.sluice.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write and read them: options such as {@code --interval 30s} are parsed by {@link #parse},
 * progress lines and summaries are written by {@link #format} ({@code 0.12s}, {@code 12.3s}, {@code 2m05s}). Stateless.
 */
final class Durations {
    private static final Pattern OPTION = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)?");

    private Durations() {
    }

    /**
     * A duration option's value: a whole number with an optional unit, {@code ms}, {@code s} (the default), {@code m},
     * {@code h} or {@code d}.
     *
     * @throws IllegalArgumentException naming the option, with an example, when the text is not one
     */
    static Duration parse(String option, String text) {
        Matcher m = OPTION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) throw new IllegalArgumentException(option + " " + text + ": write a duration such as 500ms, 30s, 5m, 2h or 1d");
        long v = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(v);
            case "m" -> Duration.ofMinutes(v);
            case "h" -> Duration.ofHours(v);
            case "d" -> Duration.ofDays(v);
            default -> Duration.ofSeconds(v);
        };
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
