package dev.sluice.yaml;

import dev.sluice.api.ParamSpec;
import dev.sluice.api.PortSpec;
import dev.sluice.api.SourceLocation;
import dev.sluice.pipeline.Concurrency;
import dev.sluice.pipeline.Retention;
import dev.sluice.pipeline.StepSpec;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the top level of a pipeline file ({@code pipeline}, {@code description}, {@code params}, {@code inputs},
 * {@code outputs}, {@code steps}, {@code concurrency}, {@code retention}, {@code finally}, {@code on_failure},
 * {@code schedules}, {@code triggers}, {@code notify}) from its root node. One load at a time; not
 * thread-safe.
 */
final class PipelineReader {
    static final List<String> KEYS = List.of("pipeline", "description", "params", "inputs", "outputs", "steps", "concurrency",
            "retention", "finally", "on_failure", "schedules", "triggers", "notify", "engine");
    static final String STEPS_EXAMPLE = "steps: {train: {run: [python3, train.py]}}";
    static final List<String> CONCURRENCY_KEYS = List.of("max", "policy");
    static final String CONCURRENCY_EXAMPLE = "concurrency: {max: 1, policy: queue}";

    private final LoadContext ctx;
    private final Fields fields;
    private final StepReader stepReader;
    /** Steps whose value was not a map (reported): not in {@link #steps}, yet a second one is a duplicate. */
    private final Set<String> unreadSteps = new HashSet<>();
    final Map<String, ParamSpec> params = new LinkedHashMap<>();
    final Map<String, StepSpec> steps = new LinkedHashMap<>();
    final Map<String, PortSpec> inputs = new LinkedHashMap<>();
    final Map<String, String> outputs = new LinkedHashMap<>();
    String name = "";
    Optional<Concurrency> concurrency = Optional.empty();
    Optional<Retention> retention = Optional.empty();
    List<String> finallySteps = List.of();
    List<String> onFailureSteps = List.of();
    List<dev.sluice.pipeline.Schedule> schedules = List.of();
    List<dev.sluice.pipeline.TriggerSpec> triggers = List.of();
    Optional<String> engine = Optional.empty();

    PipelineReader(LoadContext ctx) {
        this.ctx = ctx;
        this.fields = new Fields(ctx);
        this.stepReader = new StepReader(fields);
    }

    /**
     * Reads one entry of the top-level {@code steps:} map as the parser hands it over ({@link YamlTree.EntrySink}),
     * with the same checks as {@link LoadContext#entries} (plain keys, duplicates).
     */
    void streamedStep(YamlNode keyNode, YamlNode value) {
        if (!(keyNode instanceof YamlScalar scalar)) {
            ctx.report(keyNode, "steps", "keys must be plain names, got " + Shapes.describe(keyNode),
                    "Write the key as a single word followed by a colon.");
            return;
        }
        String key = scalar.getValue();
        if (steps.containsKey(key) || unreadSteps.contains(key)) {
            int firstLine = ctx.located("steps." + key).map(SourceLocation::line).orElse(keyNode.line());
            ctx.report(keyNode, LoadContext.join("steps", key), "duplicate step '" + key + "' (first defined at line "
                    + firstLine + ")", "Remove or rename one of them.");
            return;
        }
        stepReader.read(new LoadContext.Entry(key, scalar, value)).ifPresentOrElse(s -> steps.put(s.name(), s),
                () -> unreadSteps.add(key));
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
        if (entries.containsKey("concurrency")) concurrency = concurrency(entries.get("concurrency").value());
        InterfaceReader shape = new InterfaceReader(fields);
        if (entries.containsKey("inputs")) inputs.putAll(shape.inputs(entries.get("inputs").value()));
        if (entries.containsKey("outputs")) outputs.putAll(shape.outputs(entries.get("outputs").value()));
        if (entries.containsKey("retention")) retention = new RetentionReader(fields).read(entries.get("retention").value());
        if (entries.containsKey("finally")) {
            finallySteps = fields.textOrList(entries.get("finally").value(), "finally", "finally: [cleanup, notify]")
                    .orElse(List.of());
        }
        if (entries.containsKey("on_failure")) {
            onFailureSteps = fields.textOrList(entries.get("on_failure").value(), "on_failure", "on_failure: [notify]")
                    .orElse(List.of());
        }
        if (entries.containsKey("schedules")) schedules = new ScheduleReader(fields, params).read(entries.get("schedules").value());
        if (entries.containsKey("triggers")) {
            triggers = new TriggersReader(fields, params.keySet(), name).read(entries.get("triggers").value());
        }
        if (entries.containsKey("notify")) new NotifyReader(fields).read(entries.get("notify").value()); // the server reads them
        if (entries.containsKey("engine")) engine = EngineReader.read(ctx, fields, entries.get("engine").value(), "engine");
        readSteps(mapping, entries.get("steps"));
    }

    /** {@code concurrency: {max: 1, policy: queue}}; {@code policy} defaults to {@code queue}. */
    private Optional<Concurrency> concurrency(YamlNode value) {
        String path = "concurrency";
        ctx.mark(path, value);
        Optional<Map<String, LoadContext.Entry>> entries = fields.map(value, path, "key", CONCURRENCY_EXAMPLE);
        if (entries.isEmpty()) return Optional.empty();
        ctx.rejectUnknown(entries.get(), CONCURRENCY_KEYS, path, "concurrency");
        LoadContext.Entry max = entries.get().get("max");
        if (max == null) {
            ctx.report(value, path, "concurrency needs max: (how many runs of this pipeline at once)",
                    "Example: " + CONCURRENCY_EXAMPLE);
            return Optional.empty();
        }
        ctx.mark(path + ".max", max.value());
        Optional<Long> n = fields.integer(max.value(), path + ".max", 1, "max: 1");
        Optional<Concurrency.Policy> policy = fields.choice(entries.get(), "policy", path, Concurrency.Policy.QUEUE,
                "policy: queue", Concurrency.Policy::parse, "concurrency policy",
                t -> "Use queue (wait for a free slot), skip (do not start) or cancel_previous (cancel the oldest run).");
        if (policy.isEmpty()) return Optional.empty();
        return n.filter(v -> v <= Integer.MAX_VALUE).map(v -> new Concurrency(v.intValue(), policy.get()));
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
        if (value instanceof YamlMap m && m.streamed() > 0) return; // read entry by entry in streamedStep
        fields.map(value, "steps", "step", STEPS_EXAMPLE).ifPresent(stepEntries ->
                stepEntries.values().forEach(e -> stepReader.read(e).ifPresent(s -> steps.put(s.name(), s))));
    }
}
