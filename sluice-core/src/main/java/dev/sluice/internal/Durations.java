package dev.sluice.internal;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as the command line writes them, for every option and setting that takes one ({@code --interval 30s},
 * {@code --finally-grace 2m}, {@code --serve elec2,check=5m}): a whole number with an optional unit, {@code ms},
 * {@code s} (the default), {@code m}, {@code h} or {@code d}. Pipeline files have their own, wider form
 * ({@code 1h30m}; {@code dev.sluice.yaml}). Stateless.
 */
public final class Durations {
    private static final Pattern FORM = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)?");
    private static final String EXAMPLE = ": write a duration such as 500ms, 30s, 5m, 2h or 1d";

    private Durations() {
    }

    /**
     * An option's value, {@code --option text}.
     *
     * @throws IllegalArgumentException {@code "--option text: write a duration such as ..."} when the text is not one
     */
    public static Duration parse(String option, String text) {
        return read(text, option + " " + text);
    }

    /**
     * A setting's value, {@code key=value}.
     *
     * @throws IllegalArgumentException {@code "key=value: write a duration such as ..."} when the value is not one
     */
    public static Duration parseSetting(String key, String value) {
        return read(value, key + "=" + value);
    }

    private static Duration read(String text, String shown) {
        Matcher m = FORM.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) throw new IllegalArgumentException(shown + EXAMPLE);
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

    /**
     * An elapsed time as progress lines, summaries and run reports show it: {@code 0.12s}, {@code 12.3s}, {@code 2m05s},
     * {@code 1h02m}; a negative one as {@code 0.00s}.
     */
    public static String elapsed(Duration d) {
        long millis = Math.max(0, d.toMillis());
        if (millis < 10_000) return String.format(Locale.ROOT, "%.2fs", millis / 1000.0);
        if (millis < 60_000) return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
        long s = millis / 1000;
        if (s < 3600) return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }

    /** {@code d} in the form {@link #parse} reads, in its largest whole unit: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}. */
    public static String text(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0 && ms > 0) return ms / 86_400_000 + "d";
        if (ms % 3_600_000 == 0 && ms > 0) return ms / 3_600_000 + "h";
        if (ms % 60_000 == 0 && ms > 0) return ms / 60_000 + "m";
        if (ms % 1_000 == 0) return ms / 1_000 + "s";
        return ms + "ms";
    }
}
