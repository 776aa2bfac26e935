package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What differs between two cache key parts objects ({@code {"code", "component", "env", "files", "inputs",
 * "params"}}, see the executor's CacheKeys) and between two runs' pipeline parameters, as one {@link Change}
 * per difference. Input changes name the step that produced the old and the new artifact, through a lookup
 * the caller provides. Stateless.
 */
final class CacheDiff {
    /** One difference: {@code kind} is param, pipeline_param, input, code, argv, component, file or env. */
    record Change(String kind, String name, String before, String after, String text) {}

    private CacheDiff() {}

    /** The pipeline parameters that differ between two runs ({@code -p} overrides and defaults). */
    static List<Change> pipelineParams(JsonNode before, JsonNode after) {
        List<Change> changes = new ArrayList<>();
        for (String name : names(before, after)) {
            JsonNode b = before.get(name);
            JsonNode a = after.get(name);
            if (b != null && b.equals(a)) continue;
            changes.add(new Change("pipeline_param", name, text(b), text(a),
                    "pipeline parameter " + name + ": " + text(b) + " -> " + text(a)));
        }
        return changes;
    }

    /**
     * Every difference between the earlier step run's key parts and this one's; {@code producedBefore} and
     * {@code producedAfter} name the step that produced an artifact the earlier and this step run read.
     */
    static List<Change> parts(JsonNode before, JsonNode after, Function<String, String> producedBefore,
                              Function<String, String> producedAfter) {
        List<Change> changes = new ArrayList<>();
        JsonNode bp = before.path("params");
        JsonNode ap = after.path("params");
        for (String name : names(bp, ap)) {
            if (bp.has(name) && bp.get(name).equals(ap.get(name))) continue;
            changes.add(new Change("param", name, text(bp.get(name)), text(ap.get(name)),
                    "parameter " + name + ": " + text(bp.get(name)) + " -> " + text(ap.get(name))));
        }
        inputs(before.path("inputs"), after.path("inputs"), producedBefore, producedAfter, changes);
        code(before, after, changes);
        if (!before.path("component").equals(after.path("component"))) {
            String b = text(before.get("component"));
            String a = text(after.get("component"));
            changes.add(new Change("component", "component", b, a, "component: " + b + " -> " + a));
        }
        keyed(before.path("files"), after.path("files"), "file", "file %s changed (%s -> %s)", changes);
        keyed(before.path("env"), after.path("env"), "env", "environment variable %s changed", changes);
        return changes;
    }

    private static void inputs(JsonNode before, JsonNode after, Function<String, String> producedBefore,
                               Function<String, String> producedAfter, List<Change> changes) {
        for (String port : names(before, after)) {
            JsonNode b = before.get(port);
            JsonNode a = after.get(port);
            if (b != null && b.equals(a)) continue;
            String was = ids(b, producedBefore);
            String now = ids(a, producedAfter);
            changes.add(new Change("input", port, text(b), text(a), "input " + port + ": " + was + " -> " + now));
        }
    }

    /** {@code 3e5d652f6a9d (from summary in run 2026...)}, for each artifact of a port. */
    private static String ids(JsonNode list, Function<String, String> producer) {
        if (list == null || list.isMissingNode()) return "(none)";
        List<String> parts = new ArrayList<>();
        for (JsonNode id : list.isArray() ? list : List.of(list)) {
            parts.add(Inspection.shortId(id.asText()) + " (" + producer.apply(id.asText()) + ")");
        }
        return String.join(", ", parts);
    }

    private static void code(JsonNode before, JsonNode after, List<Change> changes) {
        JsonNode b = before.path("code");
        JsonNode a = after.path("code");
        if (b.equals(a)) return;
        if (b.isArray() && a.isArray()) {
            for (int i = 0; i < Math.max(b.size(), a.size()); i++) {
                if (b.has(i) && b.get(i).equals(a.get(i))) continue;
                changes.add(new Change("argv", "argv[" + i + "]", text(b.get(i)), text(a.get(i)),
                        "command argument " + i + ": " + text(b.get(i)) + " -> " + text(a.get(i))));
            }
        } else {
            changes.add(new Change("code", "code", text(b), text(a),
                    "the component's code changed (" + shorten(text(b)) + " -> " + shorten(text(a)) + ")"));
        }
    }

    private static void keyed(JsonNode before, JsonNode after, String kind, String format, List<Change> changes) {
        for (String name : names(before, after)) {
            JsonNode b = before.get(name);
            JsonNode a = after.get(name);
            if (b != null && b.equals(a)) continue;
            boolean secretSafe = kind.equals("env"); // env values may be credentials: name them, never print them
            changes.add(new Change(kind, name, secretSafe ? null : text(b), secretSafe ? null : text(a),
                    String.format(format, name, shorten(text(b)), shorten(text(a)))));
        }
    }

    private static TreeSet<String> names(JsonNode before, JsonNode after) {
        TreeSet<String> names = new TreeSet<>();
        for (JsonNode n : new JsonNode[] {before, after}) {
            if (n == null || !n.isObject()) continue;
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) names.add(it.next().getKey());
        }
        return names;
    }

    /**
     * A JSON value as people read it: plain strings without quotes, strings with spaces at either end or
     * control characters (a newline) as JSON, {@code (none)} when absent.
     */
    static String text(JsonNode v) {
        if (v == null || v.isMissingNode()) return "(none)";
        if (!v.isTextual()) return v.toString();
        String s = v.asText();
        boolean plain = !s.isEmpty() && s.strip().equals(s) && s.chars().noneMatch(Character::isISOControl);
        return plain ? s : v.toString();
    }

    private static String shorten(String s) {
        return s.startsWith("sha256:") ? Inspection.shortId(s) : s;
    }
}
