package dev.sluice.yaml;

import dev.sluice.api.PortKind;
import dev.sluice.api.PortSpec;
import dev.sluice.pipeline.Suggestions;

import java.util.Arrays;
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
final class InterfaceReader {
    static final List<String> INPUT_KEYS = List.of("kind", "many", "doc");
    static final List<String> OUTPUT_KEYS = List.of("from", "doc");
    private static final List<String> KINDS = Arrays.stream(PortKind.values()).map(PortKind::yamlName).toList();
    private static final String INPUTS_EXAMPLE = "inputs: {raw: table}";
    private static final String OUTPUTS_EXAMPLE = "outputs: {data: check.data}";

    private final LoadContext ctx;
    private final Fields fields;

    InterfaceReader(Fields fields) {
        this.fields = fields;
        this.ctx = fields.ctx();
    }

    Map<String, PortSpec> inputs(YamlNode node) {
        ctx.mark("inputs", node);
        Map<String, PortSpec> out = new LinkedHashMap<>();
        fields.map(node, "inputs", "input", INPUTS_EXAMPLE).ifPresent(entries -> entries.forEach((name, e) -> {
            String path = "inputs." + name;
            ctx.mark(path, e.value());
            if (!Names.valid(name)) ctx.report(e.key(), path, "invalid input name '" + name + "'", Names.RULE);
            input(name, e.value(), path).ifPresent(p -> out.put(name, p));
        }));
        return out;
    }

    private Optional<PortSpec> input(String name, YamlNode value, String path) {
        if (!(value instanceof YamlMap m)) {
            return fields.text(value, path, name + ": table").flatMap(k -> kind(k, value, path))
                    .map(k -> new PortSpec(name, k, false, false, ""));
        }
        Map<String, LoadContext.Entry> entries = ctx.entries(m, path, k -> "key '" + k + "' in input '" + name + "'");
        ctx.rejectUnknown(entries, INPUT_KEYS, path, "input '" + name + "'");
        entries.values().forEach(e -> ctx.mark(path + "." + e.name(), e.value()));
        LoadContext.Entry kindEntry = entries.get("kind");
        if (kindEntry == null) {
            ctx.report(m, path, "input '" + name + "' needs a kind:", "Example: " + name + ": {kind: table}. Kinds: "
                    + String.join(", ", KINDS) + ".");
            return Optional.empty();
        }
        boolean many = Optional.ofNullable(entries.get("many"))
                .flatMap(e -> fields.bool(e.value(), path + ".many", "many: true")).orElse(false);
        String doc = Optional.ofNullable(entries.get("doc"))
                .flatMap(e -> fields.text(e.value(), path + ".doc", "doc: \"the raw customer table\"")).orElse("");
        return fields.text(kindEntry.value(), path + ".kind", "kind: table")
                .flatMap(k -> kind(k, kindEntry.value(), path + ".kind"))
                .map(k -> new PortSpec(name, k, many, false, doc));
    }

    private Optional<PortKind> kind(String text, YamlNode node, String path) {
        Optional<PortKind> kind = PortKind.parse(text);
        if (kind.isEmpty()) {
            ctx.report(node, path, "unknown input kind '" + text + "'", Suggestions.didYouMean(text, KINDS)
                    .orElse("Use one of: " + String.join(", ", KINDS) + "."));
        }
        return kind;
    }

    Map<String, String> outputs(YamlNode node) {
        ctx.mark("outputs", node);
        Map<String, String> out = new LinkedHashMap<>();
        fields.map(node, "outputs", "output", OUTPUTS_EXAMPLE).ifPresent(entries -> entries.forEach((name, e) -> {
            String path = "outputs." + name;
            ctx.mark(path, e.value());
            if (!Names.valid(name)) ctx.report(e.key(), path, "invalid output name '" + name + "'", Names.RULE);
            output(name, e.value(), path).ifPresent(ref -> out.put(name, ref));
        }));
        return out;
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
