package dev.sluice.yaml;

import dev.sluice.api.ParamSpec;
import dev.sluice.pipeline.StepSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the top level of a pipeline file ({@code pipeline}, {@code description}, {@code params},
 * {@code steps}) from its root node. One load at a time; not thread-safe.
 */
final class PipelineReader {
    static final List<String> KEYS = List.of("pipeline", "description", "params", "steps");
    static final String STEPS_EXAMPLE = "steps: {train: {run: [python3, train.py]}}";

    private final LoadContext ctx;
    private final Fields fields;
    final Map<String, ParamSpec> params = new LinkedHashMap<>();
    final Map<String, StepSpec> steps = new LinkedHashMap<>();
    String name = "";

    PipelineReader(LoadContext ctx) {
        this.ctx = ctx;
        this.fields = new Fields(ctx);
    }

    void read(YamlNode root) {
        if (!(root instanceof YamlMap mapping)) {
            ctx.report(root, "", "a pipeline file must be a map with pipeline: and steps:, got " + Shapes.describe(root),
                    "Start the file with pipeline: <name> and then steps:.");
            ctx.mark("pipeline", root);
            return;
        }
        Map<String, LoadContext.Entry> entries = ctx.entries(mapping, "", k -> "key '" + k + "'");
        ctx.rejectUnknown(entries, KEYS, "", "the pipeline");
        readName(mapping, entries.get("pipeline"));
        if (entries.containsKey("description")) {
            fields.text(entries.get("description").value(), "description", "description: \"predicts churn\"");
        }
        if (entries.containsKey("params")) params.putAll(new ParamReader(fields).read(entries.get("params").value()));
        readSteps(mapping, entries.get("steps"));
    }

    private void readName(YamlMap root, LoadContext.Entry entry) {
        if (entry == null) {
            ctx.report(root, "pipeline", "the pipeline has no name", "Add pipeline: <name> as the first line.");
            ctx.mark("pipeline", root);
            return;
        }
        ctx.mark("pipeline", entry.value());
        name = fields.text(entry.value(), "pipeline", "pipeline: churn").orElse("");
    }

    private void readSteps(YamlMap root, LoadContext.Entry entry) {
        if (entry == null) {
            ctx.report(root, "steps", "the pipeline has no steps:", "Example: " + STEPS_EXAMPLE);
            return;
        }
        YamlNode value = entry.value();
        ctx.mark("steps", value);
        boolean empty = Shapes.isNull(value) || value instanceof YamlMap m && m.isEmpty();
        if (empty) {
            ctx.report(value, "steps", "steps: is empty; a pipeline needs at least one step", "Example: " + STEPS_EXAMPLE);
            return;
        }
        StepReader reader = new StepReader(fields);
        fields.map(value, "steps", "step", STEPS_EXAMPLE).ifPresent(stepEntries ->
                stepEntries.values().forEach(e -> reader.read(e).ifPresent(s -> steps.put(s.name(), s))));
    }
}
