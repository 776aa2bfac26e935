package dev.sluice.pipeline;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a pipeline's top-level {@code schedules:} list: when {@code sluice server} starts a run of it by itself,
 * in which time zone, what it does with ticks missed while no server ran, and the run's parameter values. Immutable.
 *
 * <pre>{@code
 * schedules:
 *   - {name: nightly, cron: "0 2 * * *", timezone: Europe/Berlin, catchup: latest,
 *      params: {day: "${schedule.time}", since: "${schedule.previous_time}"}}
 * }</pre>
 *
 * <p>{@code ${schedule.time}} and {@code ${schedule.previous_time}} in a parameter value become the tick and the one
 * before it, as ISO-8601 date-times with the zone's offset ({@code 2026-11-01T02:00:00+01:00}); {@code $${} writes a
 * literal {@code ${}.
 *
 * @param name       unique among the pipeline's schedules
 * @param cron       five fields (minute hour day-of-month month day-of-week) or {@code @hourly}, {@code @daily},
 *                   {@code @weekly}, {@code @monthly}, {@code @yearly}
 * @param zone       the IANA zone its local times are in (default UTC)
 * @param catchup    what to do with ticks missed while no server ran
 * @param maxCatchup with {@link CatchUp#ALL}: at most this many missed ticks are started (the newest ones)
 * @param params     parameter values as text, templates not yet expanded
 */
public record Schedule(String name, String cron, ZoneId zone, CatchUp catchup, int maxCatchup, Map<String, String> params) {
    /** {@code max_catchup} when not given. */
    public static final int DEFAULT_MAX_CATCHUP = 10;
    /** The variables a schedule's parameter values may use. */
    public static final List<String> VARIABLES = List.of("schedule.time", "schedule.previous_time");
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    /** What a schedule does with the ticks that passed while no server ran. */
    public enum CatchUp {
        /** Skip them; the next tick to come is the next to run (the default). */
        NONE,
        /** Run the newest missed tick once. */
        LATEST,
        /** Run every missed tick, oldest first, at most {@code max_catchup} (the newest ones). */
        ALL;

        /** As written in a pipeline file. */
        public String yamlName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Optional<CatchUp> parse(String s) {
            for (CatchUp c : values()) if (c.yamlName().equals(s)) return Optional.of(c);
            return Optional.empty();
        }
    }

    public Schedule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cron, "cron");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(catchup, "catchup");
        if (maxCatchup < 1) throw new IllegalArgumentException("max_catchup must be at least 1, got " + maxCatchup);
        params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** Its ticks, computed by the cron library. */
    public CronTicks ticks() {
        return CronTicks.of(cron, zone);
    }

    /** A tick as {@code ${schedule.time}} shows it: ISO-8601 with the zone's offset. */
    public String format(Instant tick) {
        return FORMAT.format(tick.atZone(zone));
    }

    /**
     * The run's parameter values for {@code tick}: {@code ${schedule.time}} is the tick, {@code ${schedule.previous_time}}
     * the tick before it (whether or not it ran).
     */
    public Map<String, String> paramsAt(Instant tick) {
        String time = format(tick);
        String previous = ticks().previous(tick).map(this::format).orElse("");
        Map<String, String> out = new LinkedHashMap<>();
        params.forEach((k, v) -> out.put(k, expand(v, Map.of("schedule.time", time, "schedule.previous_time", previous))));
        return out;
    }

    /** {@code text} with each {@code ${name}} of {@code values} replaced; {@code $${} becomes {@code ${}. */
    static String expand(String text, Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (text.startsWith("${", i) && text.indexOf('}', i) > 0) {
                int end = text.indexOf('}', i);
                String name = text.substring(i + 2, end).trim();
                out.append(values.getOrDefault(name, text.substring(i, end + 1)));
                i = end + 1;
            } else {
                out.append(text.charAt(i++));
            }
        }
        return out.toString();
    }

    /** The {@code ${...}} references of a parameter value that are not schedule variables (empty when all are). */
    public static List<String> unknownReferences(String text) {
        List<String> out = new java.util.ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                i += 3;
            } else if (text.startsWith("${", i)) {
                int end = text.indexOf('}', i);
                if (end < 0) {
                    out.add(text.substring(i));
                    break;
                }
                String name = text.substring(i + 2, end).trim();
                if (!VARIABLES.contains(name)) out.add(name);
                i = end + 1;
            } else {
                i++;
            }
        }
        return out;
    }
}
