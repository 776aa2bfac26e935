package dev.sluice.yaml;

import dev.sluice.api.PortSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads what a pipeline takes and gives when another pipeline uses it as a step: the top-level {@code inputs:}
 * ({@code raw: table}, or {@code raw: {kind: table, many: false, doc: "..."}}) and {@code outputs:}
 * ({@code data: check.data}, or {@code data: {from: check.data, doc: "..."}}). References are checked by the
 * validator. One load at a time; not thread-safe.
 */
final class InterfaceReader extends SectionReader {
    static final List<String> INPUT_KEYS = List.of("kind", "many", "doc");
    static final List<String> OUTPUT_KEYS = List.of("from", "doc");
    private static final String INPUTS_EXAMPLE = "inputs: {raw: table}";
    private static final String OUTPUTS_EXAMPLE = "outputs: {data: check.data}";

    InterfaceReader(Fields fields) {
        super(fields);
    }

    Map<String, PortSpec> inputs(YamlNode node) {
        return ports(node, "input", INPUTS_EXAMPLE, this::input);
    }

    /** Reads one declared input or output: its name, its value and the value's path. */
    @FunctionalInterface
    private interface PortReader<T> {
        Optional<T> read(String name, YamlNode value, String path);
    }

    /** The {@code side + "s"} section ({@code inputs:} or {@code outputs:}): each valid name to what {@code reader} makes of it. */
    private <T> Map<String, T> ports(YamlNode node, String side, String example, PortReader<T> reader) {
        Map<String, T> out = new LinkedHashMap<>();
        fields.eachEntry(node, side + "s", side, example, (name, e, path) -> {
            if (!Names.valid(name)) ctx.report(e.key(), path, "invalid " + side + " name '" + name + "'", Names.RULE);
            reader.read(name, e.value(), path).ifPresent(p -> out.put(name, p));
        });
        return out;
    }

    private Optional<PortSpec> input(String name, YamlNode value, String path) {
        if (!(value instanceof YamlMap m)) {
            return fields.text(value, path, name + ": table").flatMap(k -> fields.portKind(k, value, path, "input"))
                    .map(k -> new PortSpec(name, k, false, false, ""));
        }
        Map<String, LoadContext.Entry> entries = ctx.entries(m, path, k -> "key '" + k + "' in input '" + name + "'");
        ctx.rejectUnknown(entries, INPUT_KEYS, path, "input '" + name + "'");
        entries.values().forEach(e -> ctx.mark(path + "." + e.name(), e.value()));
        LoadContext.Entry kindEntry = entries.get("kind");
        if (kindEntry == null) {
            ctx.report(m, path, "input '" + name + "' needs a kind:", "Example: " + name + ": {kind: table}. Kinds: "
                    + String.join(", ", Fields.PORT_KINDS) + ".");
            return Optional.empty();
        }
        boolean many = Optional.ofNullable(entries.get("many"))
                .flatMap(e -> fields.bool(e.value(), path + ".many", "many: true")).orElse(false);
        String doc = Optional.ofNullable(entries.get("doc"))
                .flatMap(e -> fields.text(e.value(), path + ".doc", "doc: \"the raw customer table\"")).orElse("");
        return fields.text(kindEntry.value(), path + ".kind", "kind: table")
                .flatMap(k -> fields.portKind(k, kindEntry.value(), path + ".kind", "input"))
                .map(k -> new PortSpec(name, k, many, false, doc));
    }

    Map<String, String> outputs(YamlNode node) {
        return ports(node, "output", OUTPUTS_EXAMPLE, this::output);
    }

    private Optional<String> output(String name, YamlNode value, String path) {
        if (!(value instanceof YamlMap m)) return fields.text(value, path, name + ": check.data");
        Map<String, LoadContext.Entry> entries = ctx.entries(m, path, k -> "key '" + k + "' in output '" + name + "'");
        ctx.rejectUnknown(entries, OUTPUT_KEYS, path, "output '" + name + "'");
        Optional.ofNullable(entries.get("doc")).ifPresent(e -> fields.text(e.value(), path + ".doc", "doc: \"the cleaned table\""));
        LoadContext.Entry from = entries.get("from");
        if (from == null) {
            ctx.report(m, path, "output '" + name + "' needs from: (the step output it gives)",
                    "Example: " + name + ": {from: check.data}");
            return Optional.empty();
        }
        // problems about the reference point at the reference itself
        ctx.mark(path + ".from", from.value());
        return fields.text(from.value(), path + ".from", "from: check.data");
    }
}
