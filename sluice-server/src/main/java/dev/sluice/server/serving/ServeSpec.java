package dev.sluice.server.serving;

import dev.sluice.internal.Durations;
import dev.sluice.serve.ModelRef;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One model {@code sluice server} serves, and how its drift is watched. Written on the command line as
 * {@code --serve NAME[@ALIAS][=PORT][,retrain=PIPELINE][,check=30s][,window=10000][,min_rows=1000][,cooldown=10m][,poll=2s]},
 * or as the JSON body of {@code POST /api/v1/serving}. Immutable.
 *
 * <pre>{@code
 * ServeSpec s = ServeSpec.parse("elec2@champion=8081,retrain=elec2-retrain,check=1m");
 * }</pre>
 *
 * @param model      what is served ({@code elec2} means {@code elec2@champion})
 * @param port       its loopback port (0: any free one)
 * @param retrain    the registered pipeline a drift alarm runs ({@code -p data=<window>}); none: alarms only
 * @param checkEvery how often the drift check runs
 * @param window     the newest logged rows a check reads
 * @param minRows    a check of fewer logged rows is stored but raises no alarm (too little traffic to act on)
 * @param cooldown   no retraining within this time after the previous one ended
 * @param poll       how often the registry is asked where the alias points (hot swap)
 */
public record ServeSpec(ModelRef model, int port, Optional<String> retrain, Duration checkEvery, int window, int minRows,
                        Duration cooldown, Duration poll) {
    public static final Duration DEFAULT_CHECK = Duration.ofMinutes(5);
    public static final int DEFAULT_WINDOW = 10_000;
    public static final int DEFAULT_MIN_ROWS = 1_000;
    public static final Duration DEFAULT_COOLDOWN = Duration.ofMinutes(10);
    public static final Duration DEFAULT_POLL = Duration.ofSeconds(2);
    private static final Pattern PIPELINE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    public ServeSpec {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(retrain, "retrain");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0-65535, got " + port);
        retrain.ifPresent(p -> {
            if (!PIPELINE.matcher(p).matches()) {
                throw new IllegalArgumentException("retrain=" + p + " is not a pipeline name; give the name of a registered"
                        + " pipeline (GET /api/v1/pipelines), e.g. retrain=elec2-retrain");
            }
        });
        positive("check", checkEvery);
        positive("poll", poll);
        if (cooldown.isNegative()) throw new IllegalArgumentException("cooldown must not be negative, got " + cooldown);
        if (window < 1) throw new IllegalArgumentException("window must be at least 1 row, got " + window);
        if (minRows < 1 || minRows > window) {
            throw new IllegalArgumentException("min_rows must be 1 to window (" + window + "), got " + minRows);
        }
    }

    /** The model on any free port, checked every 5 minutes over 10,000 rows, no retraining. */
    public static ServeSpec of(ModelRef model) {
        return new ServeSpec(model, 0, Optional.empty(), DEFAULT_CHECK, DEFAULT_WINDOW, DEFAULT_MIN_ROWS, DEFAULT_COOLDOWN, DEFAULT_POLL);
    }

    /**
     * Parses the command-line form; an {@link IllegalArgumentException} says what is wrong and how to write it.
     */
    public static ServeSpec parse(String text) {
        String[] parts = text.split(",", -1);
        String head = parts[0].trim();
        int eq = head.indexOf('=');
        String ref = eq < 0 ? head : head.substring(0, eq).trim();
        if (ref.isEmpty()) throw usage(text, "give the model first");
        ServeSpec s;
        try {
            s = of(ModelRef.parse(ref));
        } catch (IllegalArgumentException e) {
            throw usage(text, e.getMessage());
        }
        try {
            if (eq >= 0) s = s.withPort(number("port", head.substring(eq + 1).trim()));
        } catch (IllegalArgumentException e) {
            throw usage(text, e.getMessage());
        }
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            int at = p.indexOf('=');
            if (at <= 0) throw usage(text, "'" + p + "' is not KEY=VALUE");
            String key = p.substring(0, at).trim().toLowerCase(Locale.ROOT);
            String value = p.substring(at + 1).trim();
            try {
                s = s.with(key, value);
            } catch (IllegalArgumentException e) {
                throw usage(text, e.getMessage());
            }
        }
        return s;
    }

    /** This spec with one setting changed, by its command-line key ({@code retrain}, {@code check}, ...). */
    public ServeSpec with(String key, String value) {
        return switch (key) {
            case "port" -> withPort(number(key, value));
            case "retrain" -> new ServeSpec(model, port, value.isEmpty() ? Optional.empty() : Optional.of(value), checkEvery,
                    window, minRows, cooldown, poll);
            case "check" -> new ServeSpec(model, port, retrain, Durations.parseSetting(key, value), window, minRows, cooldown, poll);
            case "window" -> {
                int w = number(key, value);
                yield new ServeSpec(model, port, retrain, checkEvery, w, Math.min(minRows, Math.max(1, w)), cooldown, poll);
            }
            case "min_rows" -> new ServeSpec(model, port, retrain, checkEvery, window, number(key, value), cooldown, poll);
            case "cooldown" -> new ServeSpec(model, port, retrain, checkEvery, window, minRows, Durations.parseSetting(key, value), poll);
            case "poll" -> new ServeSpec(model, port, retrain, checkEvery, window, minRows, cooldown, Durations.parseSetting(key, value));
            default -> throw new IllegalArgumentException("unknown setting '" + key
                    + "'; the settings are retrain, check, window, min_rows, cooldown, poll");
        };
    }

    public ServeSpec withPort(int p) {
        return new ServeSpec(model, p, retrain, checkEvery, window, minRows, cooldown, poll);
    }

    /** {@code elec2@champion}: the key of a served model. */
    public String key() {
        return model.toString();
    }

    /** The command-line form, every setting written out. */
    @Override
    public String toString() {
        return key() + "=" + port + retrain.map(r -> ",retrain=" + r).orElse("") + ",check=" + Durations.text(checkEvery)
                + ",window=" + window + ",min_rows=" + minRows + ",cooldown=" + Durations.text(cooldown) + ",poll=" + Durations.text(poll);
    }

    private static int number(String key, String value) {
        if (!value.matches("[0-9]{1,9}")) throw new IllegalArgumentException(key + "=" + value + " is not a whole number");
        return Integer.parseInt(value);
    }

    private static void positive(String key, Duration d) {
        Objects.requireNonNull(d, key);
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(key + " must be positive, got " + Durations.text(d));
    }

    private static IllegalArgumentException usage(String text, String problem) {
        return new IllegalArgumentException("--serve '" + text + "': " + problem + "; write NAME[@ALIAS][=PORT][,retrain=PIPELINE]"
                + "[,check=5m][,window=10000][,min_rows=1000][,cooldown=10m][,poll=2s], e.g. elec2@champion=8081,retrain=elec2-retrain");
    }
}
