package dev.sluice.yaml;

import org.snakeyaml.engine.v2.nodes.Tag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Converts YAML value nodes to plain Java values by their resolved tag (YAML 1.2 core schema): int to
 * {@code Long}, float to {@code Double} (with {@code .inf} and {@code .nan}), bool to {@code Boolean},
 * anything else to {@code String}; lists to {@code List}, maps to {@code LinkedHashMap}. A null is a
 * problem: parameters always have a value. Used by one load at a time; not thread-safe.
 */
final class Values {
    private final LoadContext ctx;

    Values(LoadContext ctx) {
        this.ctx = ctx;
    }

    /** The value of {@code node}, or empty after reporting why it has none. */
    Optional<Object> convert(YamlNode node, String path) {
        return switch (node) {
            case YamlScalar s -> scalar(s, path);
            case YamlList s -> Optional.of(list(s, path));
            case YamlMap m -> Optional.of(map(m, path));
        };
    }

    private List<Object> list(YamlList seq, String path) {
        List<Object> out = new ArrayList<>();
        List<YamlNode> items = seq.getValue();
        for (int i = 0; i < items.size(); i++) {
            convert(items.get(i), path + "[" + i + "]").ifPresent(out::add);
        }
        return out;
    }

    private Map<String, Object> map(YamlMap mapping, String path) {
        Map<String, Object> out = new LinkedHashMap<>();
        ctx.entries(mapping, path, k -> "key '" + k + "'").forEach((key, entry) ->
                convert(entry.value(), LoadContext.join(path, key)).ifPresent(v -> out.put(key, v)));
        return out;
    }

    /** A scalar's value; reports nulls and integers too large for a {@code long}. */
    Optional<Object> scalar(YamlScalar node, String path) {
        Tag tag = node.getTag();
        String text = node.getValue();
        if (Tag.NULL.equals(tag)) {
            ctx.report(node, path, "'" + leaf(path) + "' has no value", "Write a value, or remove the key; quote \"null\" to pass the text null.");
            return Optional.empty();
        }
        if (Tag.BOOL.equals(tag)) return Optional.of(text.toLowerCase(Locale.ROOT).equals("true"));
        if (Tag.FLOAT.equals(tag)) return Optional.of(parseDouble(text));
        if (Tag.INT.equals(tag)) return parseLong(node, path);
        return Optional.of(text);
    }

    private Optional<Object> parseLong(YamlScalar node, String path) {
        String text = node.getValue();
        try {
            if (text.startsWith("0o")) return Optional.of(Long.parseLong(text.substring(2), 8));
            if (text.startsWith("0x")) return Optional.of(Long.parseLong(text.substring(2), 16));
            return Optional.of(Long.parseLong(text.startsWith("+") ? text.substring(1) : text));
        } catch (NumberFormatException e) {
            ctx.report(node, path, "integer " + text + " does not fit in 64 bits", "Quote it to pass it as text.");
            return Optional.empty();
        }
    }

    /** The last segment of a path: {@code steps.a.with.lr} gives {@code lr}, {@code x.run[2]} gives {@code run[2]}. */
    static String leaf(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    static double parseDouble(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return switch (lower) {
            case ".inf", "+.inf" -> Double.POSITIVE_INFINITY;
            case "-.inf" -> Double.NEGATIVE_INFINITY;
            case ".nan" -> Double.NaN;
            default -> Double.parseDouble(text);
        };
    }
}
