package dev.sluice.server.auth;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How long a token lives: {@code 90d}, {@code 12h}, {@code 30m} or {@code 45s}. Stateless. */
public final class TokenTtl {
    private static final Pattern SHAPE = Pattern.compile("([1-9][0-9]{0,5})([dhms])");

    private TokenTtl() {}

    public static Optional<Duration> parse(String text) {
        Matcher m = SHAPE.matcher(text == null ? "" : text.strip());
        if (!m.matches()) return Optional.empty();
        long n = Long.parseLong(m.group(1));
        return Optional.of(switch (m.group(2)) {
            case "d" -> Duration.ofDays(n);
            case "h" -> Duration.ofHours(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
        });
    }
}
