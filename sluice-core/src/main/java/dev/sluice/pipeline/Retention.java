package dev.sluice.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;

/**
 * How long the runs of one pipeline are kept: the top-level {@code retention: {keep_days: 30, keep_last: 100}} of a
 * pipeline file, or the workspace default ({@code sluice server --retention keep_days=30}, {@code sluice gc --runs
 * --retention ...}). A run is kept while any rule given keeps it: it ended (or, still unended, started) less than
 * {@code keep_days} days ago, or it is one of the {@code keep_last} newest runs of its pipeline. A run that no rule
 * keeps may be deleted, unless it is pinned, queued or running, or a registered model's lineage needs it (see
 * {@code dev.sluice.retention}). Immutable.
 *
 * @param keepDays keep runs younger than this many days (at least 1), if given
 * @param keepLast keep the newest this many runs of the pipeline (at least 1), if given
 */
public record Retention(OptionalInt keepDays, OptionalInt keepLast) {
    /** The form written on command lines, e.g. {@code keep_days=30,keep_last=100}. */
    public static final String OPTION_EXAMPLE = "keep_days=30,keep_last=100";

    public Retention {
        if (keepDays == null) keepDays = OptionalInt.empty();
        if (keepLast == null) keepLast = OptionalInt.empty();
        if (keepDays.isEmpty() && keepLast.isEmpty()) {
            throw new IllegalArgumentException("a retention policy needs keep_days or keep_last (or both)");
        }
        if (keepDays.isPresent() && keepDays.getAsInt() < 1) {
            throw new IllegalArgumentException("keep_days must be at least 1, got " + keepDays.getAsInt());
        }
        if (keepLast.isPresent() && keepLast.getAsInt() < 1) {
            throw new IllegalArgumentException("keep_last must be at least 1, got " + keepLast.getAsInt());
        }
    }

    /** Runs kept for {@code days} days. */
    public static Retention days(int days) {
        return new Retention(OptionalInt.of(days), OptionalInt.empty());
    }

    /** The newest {@code runs} runs kept. */
    public static Retention last(int runs) {
        return new Retention(OptionalInt.empty(), OptionalInt.of(runs));
    }

    /**
     * Whether this policy keeps a run.
     *
     * @param newest the run's place among its pipeline's runs, newest first (0 = the newest)
     * @param age    when the run ended, or started when it has not ended
     */
    public boolean keeps(int newest, Instant age, Instant now) {
        if (keepLast.isPresent() && newest < keepLast.getAsInt()) return true;
        return keepDays.isPresent() && age.isAfter(now.minus(Duration.ofDays(keepDays.getAsInt())));
    }

    /**
     * Reads the command-line form {@code keep_days=30,keep_last=100} (either or both, in any order).
     *
     * @throws IllegalArgumentException saying what is wrong and showing {@link #OPTION_EXAMPLE}
     */
    public static Retention parse(String text) {
        OptionalInt days = OptionalInt.empty();
        OptionalInt last = OptionalInt.empty();
        for (String part : text.split(",", -1)) {
            String[] kv = part.trim().split("=", -1);
            if (kv.length != 2) throw bad(text, "'" + part.trim() + "' is not NAME=NUMBER");
            OptionalInt n = OptionalInt.of(number(text, kv[0].trim(), kv[1].trim()));
            switch (kv[0].trim()) {
                case "keep_days" -> days = n;
                case "keep_last" -> last = n;
                default -> throw bad(text, "unknown setting '" + kv[0].trim() + "' (use keep_days and keep_last)");
            }
        }
        try {
            return new Retention(days, last);
        } catch (IllegalArgumentException e) {
            throw bad(text, e.getMessage());
        }
    }

    private static int number(String text, String key, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw bad(text, key + " must be a whole number, got '" + value + "'");
        }
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("retention '" + text + "': " + why + "; write e.g. " + OPTION_EXAMPLE);
    }

    /** The pipeline-file form, e.g. {@code {keep_days: 30, keep_last: 100}}. */
    public String describe() {
        StringBuilder b = new StringBuilder("{");
        keepDays.ifPresent(d -> b.append("keep_days: ").append(d));
        keepLast.ifPresent(n -> b.append(b.length() > 1 ? ", " : "").append("keep_last: ").append(n));
        return b.append('}').toString();
    }
}
