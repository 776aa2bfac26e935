package dev.sluice.yaml;

import dev.sluice.api.ParamSpec;
import dev.sluice.api.ParamType;
import dev.sluice.pipeline.Suggestions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the {@code params:} section: {@code name: {type, default, min, max, values, required, doc}}
 * or the shorthand {@code name: 10} (type inferred from the value, which becomes the default).
 * One load at a time; not thread-safe.
 */
final class ParamReader extends SectionReader {
    static final List<String> KEYS = List.of("type", "default", "min", "max", "values", "required", "doc");
    private static final List<String> TYPES = Arrays.stream(ParamType.values()).map(ParamType::yamlName).toList();
    /** Names other languages use for our types, so "integer" suggests "int". */
    private static final Map<String, String> ALIASES = Map.of("integer", "int", "long", "int", "float", "double",
            "number", "double", "boolean", "bool", "str", "string", "text", "string", "array", "list");
    private static final String EXAMPLE = "epochs: {type: int, default: 10, min: 1}";

    private final Values values;

    ParamReader(Fields fields) {
        super(fields);
        this.values = new Values(ctx);
    }

    /** The parameters under {@code params:} in file order; problems go to the context. */
    Map<String, ParamSpec> read(YamlNode node) {
        Map<String, ParamSpec> out = new LinkedHashMap<>();
        fields.map(node, "params", "parameter", "params: {" + EXAMPLE + "}").ifPresent(entries ->
                entries.forEach((name, e) -> param(e).ifPresent(p -> out.put(name, p))));
        return out;
    }

    private Optional<ParamSpec> param(LoadContext.Entry e) {
        String path = "params." + e.name();
        ctx.mark(path, e.value());
        if (!Names.valid(e.name())) {
            ctx.report(e.key(), path, "invalid parameter name '" + e.name() + "'", Names.RULE);
        }
        if (e.value() instanceof YamlMap m) return Optional.of(full(e.name(), path, m));
        if (Shapes.isNull(e.value())) {
            ctx.report(e.value(), path, "parameter '" + e.name() + "' has no default and no type",
                    "Give a default (" + e.name() + ": 10) or a type (" + e.name() + ": {type: int}).");
            return Optional.empty();
        }
        ctx.mark(path + ".default", e.value());
        return values.convert(e.value(), path + ".default")
                .map(v -> ParamSpec.of(e.name(), inferType(v), v));
    }

    private ParamSpec full(String name, String path, YamlMap mapping) {
        Map<String, LoadContext.Entry> entries = ctx.entries(mapping, path, k -> "key '" + k + "' in parameter '" + name + "'");
        ctx.rejectUnknown(entries, KEYS, path, "parameter '" + name + "'");
        entries.values().forEach(e -> ctx.mark(path + "." + e.name(), e.value()));
        Optional<Object> rawDefault = get(entries, "default").flatMap(n -> values.convert(n, path + ".default"));
        List<String> allowed = get(entries, "values").map(n -> allowed(n, path + ".values")).orElse(List.of());
        ParamType type = type(name, path, mapping, entries, rawDefault, !allowed.isEmpty());
        Optional<Double> min = bound(entries, "min", path, type);
        Optional<Double> max = bound(entries, "max", path, type);
        if (min.isPresent() && max.isPresent() && min.get() > max.get()) {
            ctx.report(entries.get("max").value(), path + ".max", "max is below min", "Swap min: and max:.");
        }
        boolean required = get(entries, "required").flatMap(n -> fields.bool(n, path + ".required", "required: false"))
                .orElse(rawDefault.isEmpty());
        String doc = get(entries, "doc").flatMap(n -> fields.text(n, path + ".doc", "doc: \"number of passes\"")).orElse("");
        ParamSpec spec = new ParamSpec(name, type, Optional.empty(), min, max, allowed, required, doc);
        return rawDefault.map(raw -> withDefault(spec, raw, entries.get("default").value(), path)).orElse(spec);
    }

    private ParamType type(String name, String path, YamlMap mapping, Map<String, LoadContext.Entry> entries,
                           Optional<Object> rawDefault, boolean hasValues) {
        Optional<YamlNode> typeNode = get(entries, "type");
        if (typeNode.isPresent()) {
            Optional<ParamType> explicit = fields.text(typeNode.get(), path + ".type", "type: int")
                    .flatMap(t -> parseType(t, typeNode.get(), path + ".type"));
            explicit.filter(t -> t == ParamType.ENUM && !hasValues).ifPresent(t -> ctx.report(typeNode.get(),
                    path + ".type", "parameter '" + name + "' is an enum without values", "List them: values: [small, large]."));
            return explicit.orElse(ParamType.STRING);
        }
        if (hasValues) return ParamType.ENUM;
        if (rawDefault.isPresent()) return inferType(rawDefault.get());
        if (!entries.containsKey("default")) {
            ctx.report(mapping, path,
                    "parameter '" + name + "' needs a type: or a default:", "Example: " + EXAMPLE);
        }
        return ParamType.STRING;
    }

    private Optional<ParamType> parseType(String text, YamlNode node, String path) {
        Optional<ParamType> type = ParamType.parse(text);
        if (type.isEmpty()) {
            Optional<String> alias = Optional.ofNullable(ALIASES.get(text.toLowerCase(java.util.Locale.ROOT)))
                    .map(t -> "Did you mean '" + t + "'?");
            ctx.report(node, path, "unknown parameter type '" + text + "'", alias.or(() -> Suggestions.didYouMean(text, TYPES))
                    .orElse("Use one of: " + String.join(", ", TYPES) + "."));
        }
        return type;
    }

    private Optional<Double> bound(Map<String, LoadContext.Entry> entries, String key, String path, ParamType type) {
        Optional<YamlNode> node = get(entries, key);
        if (node.isEmpty()) return Optional.empty();
        if (type != ParamType.INT && type != ParamType.DOUBLE) {
            ctx.report(node.get(), path + "." + key, key + " applies only to int and double parameters, not " + type.yamlName(),
                    "Remove " + key + ": or change type:.");
            return Optional.empty();
        }
        Optional<Double> bound = fields.number(node.get(), path + "." + key, key + ": 1");
        if (bound.isPresent() && !Double.isFinite(bound.get())) {
            ctx.report(node.get(), path + "." + key, key + " must be a finite number, got " + ((YamlScalar) node.get()).getValue(),
                    "Write a number such as " + key + ": 1");
            return Optional.empty();
        }
        return bound;
    }

    private List<String> allowed(YamlNode node, String path) {
        if (!(node instanceof YamlList seq) || seq.getValue().isEmpty()) {
            fields.wrongShape(node, path, "a non-empty list", "values: [small, medium, large]");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        List<YamlNode> items = seq.getValue();
        for (int i = 0; i < items.size(); i++) {
            fields.scalarText(items.get(i), path + "[" + i + "]", "values: [small, medium, large]").ifPresent(out::add);
        }
        return out;
    }

    private ParamSpec withDefault(ParamSpec spec, Object raw, YamlNode node, String path) {
        try {
            Object value = spec.validate(raw);
            return new ParamSpec(spec.name(), spec.type(), Optional.of(value), spec.min(), spec.max(),
                    spec.allowed(), spec.required(), spec.doc());
        } catch (IllegalArgumentException e) {
            ctx.report(node, path + ".default", "invalid default: " + e.getMessage(),
                    "Change default: to fit type:, min:, max: and values:.");
            return spec;
        }
    }

    private static Optional<YamlNode> get(Map<String, LoadContext.Entry> entries, String key) {
        return Optional.ofNullable(entries.get(key)).map(LoadContext.Entry::value);
    }

    /** The type a shorthand value stands for. */
    static ParamType inferType(Object value) {
        return switch (value) {
            case Long l -> ParamType.INT;
            case Double d -> ParamType.DOUBLE;
            case Boolean b -> ParamType.BOOL;
            case List<?> l -> ParamType.LIST;
            case Map<?, ?> m -> ParamType.MAP;
            default -> ParamType.STRING;
        };
    }
}
