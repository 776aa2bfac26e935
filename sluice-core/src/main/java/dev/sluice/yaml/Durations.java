package dev.sluice.yaml;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the durations pipeline files use: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h},
 * combinations in that order such as {@code 1h30m}, or a plain number of seconds. Stateless.
 */
final class Durations {
    static final String ACCEPTED = "Write a duration such as 500ms, 30s, 5m, 2h or 1h30m, or a whole number of seconds.";

    private static final Pattern FORM = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m(?!s))?(?:(\\d+)s)?(?:(\\d+)ms)?");

    private Durations() {
    }

    /** The duration {@code text} stands for, or empty when it is not one of the accepted forms. */
    static Optional<Duration> parse(String text) {
        String t = text.trim();
        Matcher m = FORM.matcher(t);
        if (t.isEmpty() || !m.matches()) return Optional.empty();
        try {
            Duration d = Duration.ofHours(part(m, 1))
                    .plusMinutes(part(m, 2))
                    .plusSeconds(part(m, 3))
                    .plusMillis(part(m, 4));
            return Optional.of(d);
        } catch (ArithmeticException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static long part(Matcher m, int group) {
        String g = m.group(group);
        return g == null ? 0 : Long.parseLong(g);
    }
}
