package dev.sluice.yaml;

import dev.sluice.api.PortKind;
import dev.sluice.pipeline.Suggestions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Reads values of an expected shape (text, a whole number, true/false, a map, one-or-many texts) and
 * reports "X must be Y, got Z" at the value when the shape is wrong. One load at a time; not thread-safe.
 */
final class Fields {
    /** The names a port's kind is written with, in declaration order. */
    static final List<String> PORT_KINDS = Arrays.stream(PortKind.values()).map(PortKind::yamlName).toList();

    private final LoadContext ctx;

    Fields(LoadContext ctx) {
        this.ctx = ctx;
    }

    LoadContext ctx() {
        return ctx;
    }

    /** Reports that the value at {@code path} is not {@code expected}; {@code example} becomes the hint. */
    void wrongShape(YamlNode node, String path, String expected, String example) {
        ctx.report(node, path, Values.leaf(path) + " must be " + expected + ", got " + Shapes.describe(node),
                example.isEmpty() ? "" : "Example: " + example);
    }

    /** Non-empty text (a quoted or plain string). */
    Optional<String> text(YamlNode node, String path, String example) {
        if (Shapes.isText(node) && !((YamlScalar) node).getValue().isBlank()) {
            return Optional.of(((YamlScalar) node).getValue());
        }
        wrongShape(node, path, "text", example);
        return Optional.empty();
    }

    /** Any scalar but null, as written ({@code 0.10} stays {@code "0.10"}). */
    Optional<String> scalarText(YamlNode node, String path, String example) {
        if (node instanceof YamlScalar s && !Shapes.isNull(s)) return Optional.of(s.getValue());
        wrongShape(node, path, "a single value", example);
        return Optional.empty();
    }

    Optional<Boolean> bool(YamlNode node, String path, String example) {
        if (Shapes.isBool(node)) return Optional.of(Boolean.parseBoolean(((YamlScalar) node).getValue().toLowerCase()));
        wrongShape(node, path, "true or false", example);
        return Optional.empty();
    }

    /** A whole number at least {@code min}. */
    Optional<Long> integer(YamlNode node, String path, long min, String example) {
        if (node instanceof YamlScalar s && Shapes.isNumber(s)) {
            Optional<Object> value = new Values(ctx).scalar(s, path);
            if (value.isEmpty()) return Optional.empty();
            if (value.get() instanceof Long n && n >= min) return Optional.of(n);
        }
        wrongShape(node, path, "a whole number" + (min == 0 ? " >= 0" : min == 1 ? " >= 1" : ""), example);
        return Optional.empty();
    }

    /** A number (whole or decimal). */
    Optional<Double> number(YamlNode node, String path, String example) {
        if (node instanceof YamlScalar s && Shapes.isNumber(s)) {
            return new Values(ctx).scalar(s, path).map(v -> ((Number) v).doubleValue());
        }
        wrongShape(node, path, "a number", example);
        return Optional.empty();
    }

    /** The entries of a map, or empty after reporting that the value is not a map. */
    Optional<Map<String, LoadContext.Entry>> map(YamlNode node, String path, String what, String example) {
        if (node instanceof YamlMap m) return Optional.of(ctx.entries(m, path, k -> what + " '" + k + "'"));
        wrongShape(node, path, "a map", example);
        return Optional.empty();
    }

    /**
     * A value written as one name of a closed set ({@code format: slack}, {@code policy: queue}): records {@code path},
     * reads the text and {@code parse}s it; an unknown name is reported as {@code "unknown WHAT 'name'"} with
     * {@code hint}'s advice for it. Empty when the value is not a known name (already reported).
     */
    <T> Optional<T> choice(YamlNode node, String path, String example, Function<String, Optional<T>> parse, String what,
                           UnaryOperator<String> hint) {
        ctx.mark(path, node);
        Optional<String> text = text(node, path, example);
        Optional<T> parsed = text.flatMap(parse);
        if (text.isPresent() && parsed.isEmpty()) {
            ctx.report(node, path, "unknown " + what + " '" + text.get() + "'", hint.apply(text.get()));
        }
        return parsed;
    }

    /**
     * The optional key {@code key} of a map read as by {@link #choice(YamlNode, String, String, Function, String,
     * UnaryOperator)} at {@code path.key}: {@code fallback} when the key is absent, empty when its value is not a
     * known name (already reported).
     */
    <T> Optional<T> choice(Map<String, LoadContext.Entry> entries, String key, String path, T fallback, String example,
                           Function<String, Optional<T>> parse, String what, UnaryOperator<String> hint) {
        LoadContext.Entry entry = entries.get(key);
        return entry == null ? Optional.of(fallback) : choice(entry.value(), path + "." + key, example, parse, what, hint);
    }

    /** The port kind named {@code text}; else empty after reporting an unknown {@code side} ("input", "output") kind. */
    Optional<PortKind> portKind(String text, YamlNode node, String path, String side) {
        Optional<PortKind> kind = PortKind.parse(text);
        if (kind.isEmpty()) {
            ctx.report(node, path, "unknown " + side + " kind '" + text + "'", Suggestions.didYouMean(text, PORT_KINDS)
                    .orElse("Use one of: " + String.join(", ", PORT_KINDS) + "."));
        }
        return kind;
    }

    /** Reads one item of a list section; {@code at} is the item's path, {@code path[i]}. */
    @FunctionalInterface
    interface ItemReader {
        void read(YamlNode item, String at);
    }

    /**
     * A list section whose items are all read alike ({@code notify:}, {@code triggers:}, {@code schedules:}): records
     * {@code path}, reports anything but a list as not {@code expected}, then records each item at {@code path[i]}
     * and hands it to {@code reader}, in file order.
     */
    void eachItem(YamlNode node, String path, String expected, String example, ItemReader reader) {
        ctx.mark(path, node);
        if (!(node instanceof YamlList list)) {
            wrongShape(node, path, expected, example);
            return;
        }
        List<YamlNode> items = list.getValue();
        for (int i = 0; i < items.size(); i++) {
            String at = path + "[" + i + "]";
            ctx.mark(at, items.get(i));
            reader.read(items.get(i), at);
        }
    }

    /** Reads one entry of a section whose entries are all alike; {@code at} is the entry's path, {@code path.key}. */
    @FunctionalInterface
    interface EntryReader {
        void read(String key, LoadContext.Entry entry, String at);
    }

    /**
     * A section whose entries are all read alike ({@code inputs:}, {@code env:}, {@code checks:} ...): records
     * {@code path}, reports anything but a map with {@code example}, then records each entry's value at
     * {@code path.key} and hands the entry to {@code reader}, in file order.
     */
    void eachEntry(YamlNode node, String path, String what, String example, EntryReader reader) {
        ctx.mark(path, node);
        map(node, path, what, example).ifPresent(entries -> entries.forEach((k, e) -> {
            String at = path + "." + k;
            ctx.mark(at, e.value());
            reader.read(k, e, at);
        }));
    }

    /**
     * One text or a list of texts; records {@code path[i]} for each element (a single text is
     * recorded at both {@code path} and {@code path[0]}).
     */
    Optional<List<String>> textOrList(YamlNode node, String path, String example) {
        ctx.mark(path, node);
        if (node instanceof YamlList seq) {
            List<String> out = new ArrayList<>();
            List<YamlNode> items = seq.getValue();
            for (int i = 0; i < items.size(); i++) {
                String at = path + "[" + i + "]";
                ctx.mark(at, items.get(i));
                text(items.get(i), at, example).ifPresent(out::add);
            }
            return Optional.of(out);
        }
        ctx.mark(path + "[0]", node);
        if (Shapes.isText(node) && !((YamlScalar) node).getValue().isBlank()) {
            return Optional.of(List.of(((YamlScalar) node).getValue()));
        }
        wrongShape(node, path, "text or a list of texts", example);
        return Optional.empty();
    }
}
