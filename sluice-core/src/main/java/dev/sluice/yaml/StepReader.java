package dev.sluice.yaml;

import dev.sluice.api.PortKind;
import dev.sluice.pipeline.StepSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one entry under {@code steps:}: what the step runs ({@code uses}/{@code run}) and how it is
 * wired ({@code with}, {@code inputs}, {@code outputs}, {@code after}, {@code matrix}, {@code sweep} through
 * {@link SweepReader}); the remaining keys go to {@link StepSettings}. One load at a time; not thread-safe.
 */
final class StepReader extends SectionReader {
    static final List<String> KEYS = List.of("uses", "run", "with", "inputs", "outputs", "after", "matrix", "sweep", "foreach", "when",
            "retries", "timeout", "checks", "resources", "env", "code", "cache", "description",
            "engine");
    static final String RUN_EXAMPLE = "run: [python3, train.py, --epochs, \"${params.epochs}\"]";

    private final Values values;
    private final StepSettings settings;
    private final SweepReader sweeps;

    StepReader(Fields fields) {
        super(fields);
        this.values = new Values(ctx);
        this.settings = new StepSettings(fields);
        this.sweeps = new SweepReader(fields);
    }

    /** The step, or empty when its value is not a map (reported). */
    Optional<StepSpec> read(LoadContext.Entry step) {
        String name = step.name();
        String path = "steps." + name;
        ctx.startStep(name);
        ctx.mark(path, step.key());
        if (!Names.valid(name)) ctx.report(step.key(), path, "invalid step name '" + name + "'", Names.RULE);
        if (!(step.value() instanceof YamlMap body)) {
            ctx.report(step.value(), path, "step '" + name + "' must be a map of keys such as uses:, run:, inputs:, got "
                    + Shapes.describe(step.value()), "Example: " + name + ": {uses: csv, with: {path: data.csv}}");
            return Optional.empty();
        }
        Map<String, LoadContext.Entry> entries = ctx.entries(body, path, k -> "key '" + k + "' in step '" + name + "'");
        ctx.rejectUnknown(entries, KEYS, path, "step '" + name + "'");
        StepDraft draft = new StepDraft();
        for (LoadContext.Entry e : entries.values()) {
            if (KEYS.contains(e.name())) readKey(e, path + "." + e.name(), draft);
        }
        requireOneOf(name, path, step.key(), entries);
        return Optional.of(draft.toSpec(name));
    }

    private void readKey(LoadContext.Entry e, String path, StepDraft d) {
        YamlNode v = e.value();
        switch (e.name()) {
            case "uses" -> {
                ctx.mark(path, v);
                d.uses = ctx.shared(fields.text(v, path, "uses: csv"));
            }
            case "run" -> d.run = run(v, path);
            case "with" -> with(v, path, d);
            case "inputs" -> inputs(v, path, d);
            case "outputs" -> outputs(v, path, d);
            case "after" -> d.after = fields.textOrList(v, path, "after: [load, clean]").orElse(List.of());
            case "matrix" -> matrix(v, path, d);
            case "sweep" -> d.sweep = sweeps.read(v, path);
            case "foreach" -> d.foreach = foreach(v, path);
            default -> settings.readKey(e.name(), v, path, d);
        }
    }

    static final String FOREACH_EXAMPLE = "foreach: {from: list_regions.regions, as: region, max: 100}";

    /** {@code foreach: "${steps.S.outputs.O}"}, {@code foreach: S.O} or {@code foreach: {from: S.O, as: NAME, max: N}}. */
    private Optional<dev.sluice.pipeline.ForeachSpec> foreach(YamlNode v, String path) {
        ctx.mark(path, v);
        if (v instanceof YamlMap) {
            Optional<Map<String, LoadContext.Entry>> entries = fields.map(v, path, "key", FOREACH_EXAMPLE);
            if (entries.isEmpty()) return Optional.empty();
            ctx.rejectUnknown(entries.get(), List.of("from", "as", "max"), path, "foreach");
            LoadContext.Entry from = entries.get().get("from");
            if (from == null) {
                ctx.report(v, path, "foreach needs from: (the upstream output holding the list)", "Example: " + FOREACH_EXAMPLE);
                return Optional.empty();
            }
            ctx.mark(path + ".from", from.value());
            Optional<String> source = fields.text(from.value(), path + ".from", FOREACH_EXAMPLE).map(StepReader::foreachSource);
            String as = dev.sluice.pipeline.ForeachSpec.DEFAULT_AS;
            LoadContext.Entry asEntry = entries.get().get("as");
            if (asEntry != null) {
                ctx.mark(path + ".as", asEntry.value());
                as = fields.text(asEntry.value(), path + ".as", "as: region").orElse(as);
            }
            long max = dev.sluice.pipeline.ForeachSpec.DEFAULT_MAX;
            LoadContext.Entry maxEntry = entries.get().get("max");
            if (maxEntry != null) {
                ctx.mark(path + ".max", maxEntry.value());
                max = fields.integer(maxEntry.value(), path + ".max", 1, "max: 1000").orElse(max);
            }
            if (max > dev.sluice.pipeline.ForeachSpec.MAX_MAX) {
                ctx.report(maxEntry.value(), path + ".max", "foreach max: " + max + " is above "
                        + dev.sluice.pipeline.ForeachSpec.MAX_MAX, "Every instance is a step of the run; split the list.");
                return Optional.empty();
            }
            String name = as;
            int bound = (int) max;
            return source.map(s -> new dev.sluice.pipeline.ForeachSpec(s, name, bound));
        }
        return fields.text(v, path, FOREACH_EXAMPLE).map(s -> dev.sluice.pipeline.ForeachSpec.over(foreachSource(s)));
    }

    /** {@code ${steps.S.outputs.O}} to {@code S.O}; anything else as written. */
    private static String foreachSource(String text) {
        String t = text.strip();
        if (t.startsWith("${steps.") && t.endsWith("}")) {
            String inner = t.substring("${steps.".length(), t.length() - 1);
            int cut = inner.indexOf(".outputs.");
            if (cut > 0) return inner.substring(0, cut) + "." + inner.substring(cut + ".outputs.".length());
        }
        return t;
    }

    private void requireOneOf(String name, String path, YamlNode key, Map<String, LoadContext.Entry> entries) {
        boolean uses = entries.containsKey("uses");
        boolean run = entries.containsKey("run");
        if (uses && run) {
            ctx.report(key, path, "step '" + name + "' has both uses: and run:; keep one",
                    "uses: names a component, run: is a command; a step is one or the other.");
        } else if (!uses && !run) {
            ctx.report(key, path, "step '" + name + "' needs either uses: (a component) or run: (a command)",
                    "Example: uses: csv or " + RUN_EXAMPLE);
        }
    }

    private List<String> run(YamlNode node, String path) {
        ctx.mark(path, node);
        if (Shapes.isText(node)) {
            ctx.report(node, path, "run must be an argument list, never a shell string",
                    "Write " + Commands.suggestRun(((YamlScalar) node).getValue()).orElse(RUN_EXAMPLE));
            return List.of();
        }
        if (!(node instanceof YamlList seq) || seq.getValue().isEmpty()) {
            fields.wrongShape(node, path, "a non-empty argument list", RUN_EXAMPLE);
            return List.of();
        }
        List<String> args = new ArrayList<>();
        List<YamlNode> items = seq.getValue();
        for (int i = 0; i < items.size(); i++) {
            ctx.mark(path + "[" + i + "]", items.get(i));
            fields.scalarText(items.get(i), path + "[" + i + "]", RUN_EXAMPLE).ifPresent(args::add);
        }
        return args;
    }

    private void with(YamlNode node, String path, StepDraft d) {
        fields.eachEntry(node, path, "parameter", "with: {path: data/churn.csv, seed: 7}", (k, e, at) ->
                values.convert(e.value(), at).ifPresent(v -> d.with().put(ctx.shared(k), v)));
    }

    private void inputs(YamlNode node, String path, StepDraft d) {
        fields.eachEntry(node, path, "input", "inputs: {train: split.train, models: [gbdt[*].model, logistic.model]}", (k, e, at) -> {
            if (!Names.valid(k)) ctx.report(e.key(), at, "invalid input name '" + k + "'", Names.RULE);
            fields.textOrList(e.value(), at, k + ": load.data").ifPresent(refs -> {
                if (refs.isEmpty()) {
                    ctx.report(e.value(), at, "input '" + k + "' lists no references",
                            "Name the outputs it reads, e.g. " + k + ": [a.model, b.model], or remove it.");
                }
                d.inputs().put(ctx.shared(k), List.copyOf(refs));
            });
        });
    }

    private void outputs(YamlNode node, String path, StepDraft d) {
        ctx.mark(path, node);
        if (node instanceof YamlList seq) {
            outputList(seq, path, d);
        } else if (node instanceof YamlMap m) {
            ctx.entries(m, path, k -> "output '" + k + "'").forEach((k, e) -> {
                String at = path + "." + k;
                ctx.mark(at, e.value());
                checkPortName(k, e.key(), at, "output");
                fields.text(e.value(), at, k + ": model").flatMap(kind -> fields.portKind(kind, e.value(), at, "output"))
                        .ifPresent(kind -> d.outputs().put(ctx.shared(k), kind));
            });
        } else {
            fields.wrongShape(node, path, "a list of names or a map of name to kind", "outputs: [model] or outputs: {model: model, scores: table}");
        }
    }

    private void outputList(YamlList seq, String path, StepDraft d) {
        List<YamlNode> items = seq.getValue();
        for (int i = 0; i < items.size(); i++) {
            YamlNode item = items.get(i);
            Optional<String> name = fields.text(item, path + "[" + i + "]", "outputs: [model, report]");
            if (name.isEmpty()) continue;
            String at = path + "." + name.get();
            if (d.outputs().containsKey(name.get())) {
                ctx.report(item, at, "duplicate output '" + name.get() + "'", "Remove one of them.");
                continue;
            }
            ctx.mark(at, item);
            checkPortName(name.get(), item, at, "output");
            d.outputs().put(ctx.shared(name.get()), PortKind.FILE);
        }
    }

    private void checkPortName(String name, YamlNode node, String path, String what) {
        if (!Names.valid(name)) ctx.report(node, path, "invalid " + what + " name '" + name + "'", Names.RULE);
    }

    private void matrix(YamlNode node, String path, StepDraft d) {
        fields.eachEntry(node, path, "matrix parameter", "matrix: {eta: [0.05, 0.1, 0.3]}", (k, e, at) -> {
            if (!(e.value() instanceof YamlList seq) || seq.getValue().isEmpty()) {
                fields.wrongShape(e.value(), at, "a non-empty list of values to try", k + ": [0.05, 0.1, 0.3]");
                return;
            }
            d.matrix().put(ctx.shared(k), matrixValues(seq, at, k));
        });
    }

    private List<Object> matrixValues(YamlList seq, String path, String key) {
        List<Object> out = new ArrayList<>();
        List<YamlNode> items = seq.getValue();
        for (int i = 0; i < items.size(); i++) {
            String at = path + "[" + i + "]";
            ctx.mark(at, items.get(i));
            if (items.get(i) instanceof YamlScalar s) {
                values.scalar(s, at).ifPresent(out::add);
            } else {
                fields.wrongShape(items.get(i), at, "a single value", key + ": [0.05, 0.1, 0.3]");
            }
        }
        return out;
    }
}
