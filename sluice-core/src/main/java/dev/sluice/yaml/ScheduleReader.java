package dev.sluice.yaml;

import dev.sluice.api.ParamSpec;
import dev.sluice.api.SourceLocation;
import dev.sluice.pipeline.CronTicks;
import dev.sluice.pipeline.Schedule;
import dev.sluice.pipeline.Suggestions;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the top-level {@code schedules:} list of a pipeline file, reporting every mistake at its line and column: an
 * invalid cron field at that field, an unknown time zone, catch-up policy, key or parameter with the closest valid
 * one. One load at a time; not thread-safe.
 */
final class ScheduleReader extends SectionReader {
    static final List<String> KEYS = List.of("name", "cron", "timezone", "catchup", "max_catchup", "params");
    static final String EXAMPLE = "schedules: [{name: nightly, cron: \"0 2 * * *\", timezone: Europe/Berlin, catchup: latest}]";
    private static final ZoneId UTC = ZoneId.of("UTC");
    static final List<String> FIELDS = List.of("minute", "hour", "day-of-month", "month", "day-of-week");

    private final Map<String, ParamSpec> params;

    ScheduleReader(Fields fields, Map<String, ParamSpec> params) {
        super(fields);
        this.params = params;
    }

    /** The schedules that are valid; every problem of the others is reported. */
    List<Schedule> read(YamlNode value) {
        List<Schedule> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        fields.eachItem(value, "schedules", "a list", EXAMPLE, (item, path) -> entry(item, path, seen).ifPresent(out::add));
        return out;
    }

    private Optional<Schedule> entry(YamlNode node, String path, Map<String, Integer> seen) {
        Optional<Map<String, LoadContext.Entry>> found = fields.map(node, path, "key", EXAMPLE);
        if (found.isEmpty()) return Optional.empty();
        Map<String, LoadContext.Entry> e = found.get();
        ctx.rejectUnknown(e, KEYS, path, "a schedule");
        boolean ok = true;
        Optional<String> name = required(e, "name", node, path, "name: nightly").flatMap(v -> {
            ctx.mark(path + ".name", v);
            return fields.text(v, path + ".name", "name: nightly");
        });
        if (name.isPresent() && !Names.valid(name.get())) {
            ctx.report(e.get("name").value(), path + ".name", "invalid schedule name '" + name.get() + "'", Names.RULE);
            ok = false;
        } else if (name.isPresent() && seen.containsKey(name.get())) {
            ctx.report(e.get("name").value(), path + ".name", "duplicate schedule '" + name.get() + "' (first defined at line "
                    + seen.get(name.get()) + ")", "Give each schedule of a pipeline its own name.");
            ok = false;
        } else {
            name.ifPresent(n -> seen.put(n, e.get("name").value().line()));
        }
        ZoneId zone = UTC;
        if (e.containsKey("timezone")) {
            Optional<ZoneId> z = zone(e.get("timezone").value(), path + ".timezone");
            ok &= z.isPresent();
            zone = z.orElse(UTC);
        }
        Optional<String> cron = required(e, "cron", node, path, "cron: \"0 2 * * *\"").flatMap(v -> {
            ctx.mark(path + ".cron", v);
            return fields.text(v, path + ".cron", "cron: \"0 2 * * *\"");
        });
        ZoneId chosen = zone;
        boolean cronOk = cron.isPresent() && cron(e.get("cron").value(), cron.get(), chosen, path + ".cron");
        List<String> names = java.util.Arrays.stream(Schedule.CatchUp.values()).map(Schedule.CatchUp::yamlName).toList();
        Optional<Schedule.CatchUp> parsedCatchup = fields.choice(e, "catchup", path, Schedule.CatchUp.NONE, "catchup: latest",
                Schedule.CatchUp::parse, "catchup policy", t -> Suggestions.didYouMean(t, names)
                        .orElse("Use none (skip missed ticks), latest (run the newest missed tick) or all (run every missed tick)."));
        ok &= parsedCatchup.isPresent();
        Schedule.CatchUp catchup = parsedCatchup.orElse(Schedule.CatchUp.NONE);
        int max = Schedule.DEFAULT_MAX_CATCHUP;
        if (e.containsKey("max_catchup")) {
            YamlNode v = e.get("max_catchup").value();
            ctx.mark(path + ".max_catchup", v);
            Optional<Long> n = fields.integer(v, path + ".max_catchup", 1, "max_catchup: 10");
            if (n.isPresent() && n.get() > 100_000) {
                ctx.report(v, path + ".max_catchup", "max_catchup is too large (" + n.get() + ")", "Use at most 100000.");
                n = Optional.empty();
            }
            ok &= n.isPresent();
            max = n.map(Long::intValue).orElse(max);
        }
        Map<String, String> values = new LinkedHashMap<>();
        if (e.containsKey("params")) ok &= params(e.get("params").value(), path + ".params", values);
        if (!ok || !cronOk || name.isEmpty()) return Optional.empty();
        return Optional.of(new Schedule(name.get(), cron.get(), zone, catchup, max, values));
    }

    private Optional<YamlNode> required(Map<String, LoadContext.Entry> e, String key, YamlNode owner, String path, String example) {
        if (e.containsKey(key)) return Optional.of(e.get(key).value());
        ctx.report(owner, path, "a schedule needs " + key + ":", "Example: " + EXAMPLE.substring("schedules: [".length(),
                EXAMPLE.length() - 1) + " (" + example + ")");
        return Optional.empty();
    }

    private Optional<ZoneId> zone(YamlNode v, String path) {
        ctx.mark(path, v);
        Optional<String> text = fields.text(v, path, "timezone: Europe/Berlin");
        if (text.isEmpty()) return Optional.empty();
        try {
            if (text.get().equals("UTC") || text.get().contains("/")) return Optional.of(ZoneId.of(text.get()));
        } catch (DateTimeException e) {
            // reported below
        }
        ctx.report(v, path, "unknown time zone '" + text.get() + "'", Suggestions.didYouMean(text.get(), ZoneId.getAvailableZoneIds())
                .orElse("Use an IANA zone name such as Europe/Berlin, America/New_York or UTC."));
        return Optional.empty();
    }

    /** Checks an expression with cron-utils; a bad field is reported at its own column. */
    private boolean cron(YamlNode node, String text, ZoneId zone, String path) {
        String hint = "Write five fields, minute hour day-of-month month day-of-week (\"0 2 * * *\": 02:00 every day),"
                + " or one of @hourly, @daily, @weekly, @monthly, @yearly.";
        try {
            CronTicks ticks = CronTicks.of(text, zone);
            if (ticks.next(Instant.parse("2000-01-01T00:00:00Z")).isEmpty()) {
                ctx.report(node, path, "cron '" + text + "' never fires (no date matches it)", hint);
                return false;
            }
            return true;
        } catch (IllegalArgumentException e) {
            reportCron(node, text, path, clean(e.getMessage()), hint);
            return false;
        }
    }

    private void reportCron(YamlNode node, String text, String path, String why, String hint) {
        int start = node.column() + (node instanceof YamlScalar s && s.quoted() ? 1 : 0);
        List<int[]> parts = new ArrayList<>(); // {offset, end}
        for (int i = 0; i < text.length(); ) {
            if (Character.isWhitespace(text.charAt(i))) {
                i++;
                continue;
            }
            int j = i;
            while (j < text.length() && !Character.isWhitespace(text.charAt(j))) j++;
            parts.add(new int[] {i, j});
            i = j;
        }
        if (text.trim().startsWith("@") || parts.size() != FIELDS.size()) {
            String what = text.trim().startsWith("@") ? "unknown cron nickname '" + text.trim() + "'"
                    : "cron '" + text + "' has " + parts.size() + " field" + (parts.size() == 1 ? "" : "s") + "; expected 5";
            ctx.report(node, path, what, hint);
            return;
        }
        for (int f = 0; f < parts.size(); f++) {
            StringBuilder alone = new StringBuilder();
            for (int g = 0; g < parts.size(); g++) {
                alone.append(g == f ? text.substring(parts.get(g)[0], parts.get(g)[1]) : "*").append(' ');
            }
            try {
                CronTicks.of(alone.toString().trim(), ZoneOffset.UTC);
            } catch (IllegalArgumentException e) {
                String field = text.substring(parts.get(f)[0], parts.get(f)[1]);
                ctx.report(new SourceLocation(ctx.at(node).file(), node.line(), start + parts.get(f)[0]), path,
                        "invalid cron " + FIELDS.get(f) + " field '" + field + "': " + clean(e.getMessage()), hint);
                return;
            }
        }
        ctx.report(node, path, "invalid cron '" + text + "': " + why, hint);
    }

    /** cron-utils' message without its generic prefix. */
    private static String clean(String message) {
        String m = message == null ? "not a cron expression" : message;
        m = m.replace("Failed to parse cron expression. ", "").replace("Failed to parse '", "'");
        return m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
    }

    private boolean params(YamlNode v, String path, Map<String, String> out) {
        ctx.mark(path, v);
        Optional<Map<String, LoadContext.Entry>> entries = fields.map(v, path, "parameter", "params: {day: \"${schedule.time}\"}");
        if (entries.isEmpty()) return false;
        boolean ok = true;
        for (LoadContext.Entry p : entries.get().values()) {
            String at = path + "." + p.name();
            ctx.mark(at, p.value());
            if (!params.containsKey(p.name())) {
                ctx.report(p.key(), at, "schedule sets parameter '" + p.name() + "', but the pipeline has no such parameter",
                        Suggestions.didYouMean(p.name(), params.keySet()).orElse(params.isEmpty()
                                ? "Declare it under the pipeline's params:." : "Parameters: " + String.join(", ", params.keySet()) + "."));
                ok = false;
                continue;
            }
            Optional<String> text = fields.scalarText(p.value(), at, "day: \"${schedule.time}\"");
            if (text.isEmpty()) {
                ok = false;
                continue;
            }
            for (String unknown : Schedule.unknownReferences(text.get())) {
                ctx.report(p.value(), at, "unknown reference ${" + unknown + "} in a schedule's parameter",
                        Suggestions.didYouMean(unknown, Schedule.VARIABLES)
                                .orElse("A schedule's parameters may use ${schedule.time} and ${schedule.previous_time}."));
                ok = false;
            }
            out.put(p.name(), text.get());
        }
        return ok;
    }
}
