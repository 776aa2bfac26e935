package dev.sluice.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.CheckResult;
import dev.sluice.api.ModelVersion;
import dev.sluice.meta.SweepRow;
import dev.sluice.api.RunStatus;
import dev.sluice.api.StepStatus;
import dev.sluice.exec.ModelFacts;
import dev.sluice.meta.ArtifactRow;
import dev.sluice.meta.OutputRow;
import dev.sluice.meta.RunRow;
import dev.sluice.meta.RunTrigger;
import dev.sluice.meta.StepRunRow;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON of what the metadata store records, written by the API and read back by its clients (the CLI's
 * {@code --server} mode rebuilds the same rows and prints them as it does locally). Field names are snake_case; times
 * are ISO-8601 instants; absent values are {@code null}. Stateless; thread-safe.
 */
public final class RowJson {
    private RowJson() {}

    /** A run: the fields of {@code sluice runs --json} plus what the server knows about it. */
    public static ObjectNode run(RunRow r, Optional<RunTrigger> trigger) {
        ObjectNode n = Call.JSON.createObjectNode();
        n.put("run_id", r.id());
        n.put("pipeline", r.pipelineName());
        n.put("pipeline_id", r.pipelineId());
        n.put("status", r.state().label());
        n.put("started", r.started().toString());
        n.put("ended", r.ended().map(Instant::toString).orElse(null));
        n.set("parameters", parse(r.parametersJson()));
        n.put("resumed_from", r.resumedFrom().orElse(null));
        n.put("host", r.host());
        n.put("pid", r.pid());
        n.put("last_heartbeat", r.lastHeartbeat().map(Instant::toString).orElse(null));
        if (trigger.isEmpty()) {
            n.putNull("trigger");
        } else {
            n.putObject("trigger").put("kind", trigger.get().kind()).put("artifact", trigger.get().artifact().orElse(null))
                    .put("detail", trigger.get().detail());
        }
        return n;
    }

    /** The run a {@link #run} answer describes. */
    public static RunRow runRow(JsonNode n) {
        return new RunRow(n.path("run_id").asText(), n.path("pipeline_id").asText(), n.path("pipeline").asText(),
                RunStatus.ofLabel(n.path("status").asText()), Instant.parse(n.path("started").asText()), instant(n.path("ended")),
                text(n.path("parameters")), optional(n.path("resumed_from")), n.path("host").asText(), n.path("pid").asLong(),
                instant(n.path("last_heartbeat")));
    }

    /** The trigger of a {@link #run} answer, if it has one. */
    public static Optional<RunTrigger> trigger(JsonNode n) {
        JsonNode t = n.path("trigger");
        if (!t.isObject()) return Optional.empty();
        return Optional.of(new RunTrigger(t.path("kind").asText(), optional(t.path("artifact")), t.path("detail").asText()));
    }

    /** One attempt of a step. */
    public static ObjectNode stepRun(StepRunRow s) {
        ObjectNode n = Call.JSON.createObjectNode();
        n.put("step_run_id", s.id());
        n.put("run_id", s.runId());
        n.put("name", s.step());
        n.put("base_step", s.baseStep());
        n.put("status", s.state().label());
        n.put("attempt", s.attempt());
        n.put("started", s.started().toString());
        n.put("ended", s.ended().map(Instant::toString).orElse(null));
        if (s.exitCode().isPresent()) n.put("exit_code", s.exitCode().get());
        else n.putNull("exit_code");
        n.put("error", s.error().orElse(null));
        n.put("log", s.logLocation().orElse(null));
        n.put("cache_key", s.cacheKey().orElse(null));
        n.set("cache_key_parts", parse(s.cacheKeyPartsJson()));
        n.put("cache_source", s.cacheSource().orElse(null));
        ObjectNode params = n.putObject("params");
        new java.util.TreeMap<>(s.params()).forEach((k, v) -> params.set(k, parse(v)));
        ObjectNode metrics = n.putObject("metrics");
        new java.util.TreeMap<>(s.metrics()).forEach(metrics::put);
        ArrayNode checks = n.putArray("checks");
        for (CheckResult c : s.checks()) {
            ObjectNode check = checks.addObject().put("name", c.name()).put("passed", c.passed()).put("expected", c.expected());
            if (c.observed().isPresent()) check.put("observed", c.observed().get());
            else check.putNull("observed");
        }
        ArrayNode outputs = n.putArray("outputs");
        for (OutputRow o : s.outputs()) outputs.addObject().put("port", o.port()).put("position", o.position()).put("artifact", o.artifactId());
        return n;
    }

    /** The step run a {@link #stepRun} answer describes. */
    public static StepRunRow stepRunRow(JsonNode n) {
        Map<String, String> params = new LinkedHashMap<>();
        n.path("params").properties().forEach(e -> params.put(e.getKey(), text(e.getValue())));
        Map<String, Double> metrics = new LinkedHashMap<>();
        n.path("metrics").properties().forEach(e -> metrics.put(e.getKey(), e.getValue().asDouble()));
        List<CheckResult> checks = new ArrayList<>();
        n.path("checks").forEach(c -> checks.add(new CheckResult(c.path("name").asText(), c.path("passed").asBoolean(),
                c.path("observed").isNumber() ? Optional.of(c.path("observed").asDouble()) : Optional.empty(),
                c.path("expected").asText())));
        List<OutputRow> outputs = new ArrayList<>();
        n.path("outputs").forEach(o -> outputs.add(new OutputRow(o.path("port").asText(), o.path("position").asInt(),
                o.path("artifact").asText())));
        return new StepRunRow(n.path("step_run_id").asText(), n.path("run_id").asText(), n.path("name").asText(),
                n.path("base_step").asText(), StepStatus.ofLabel(n.path("status").asText()), n.path("attempt").asInt(),
                Instant.parse(n.path("started").asText()), instant(n.path("ended")),
                n.path("exit_code").isNumber() ? Optional.of(n.path("exit_code").asInt()) : Optional.empty(),
                optional(n.path("error")), optional(n.path("log")), optional(n.path("cache_key")), text(n.path("cache_key_parts")),
                optional(n.path("cache_source")), params, metrics, checks, outputs);
    }

    public static ObjectNode artifact(ArtifactRow a) {
        return Call.JSON.createObjectNode().put("id", a.id()).put("kind", a.kind()).put("media_type", a.mediaType())
                .put("size", a.size()).put("created", a.created().toString());
    }

    /** A registered model version with its aliases, metrics, model type and selection metric. */
    public static ObjectNode model(ModelVersion v, ModelFacts facts) {
        ObjectNode n = Call.JSON.createObjectNode();
        n.put("name", v.name());
        n.put("version", v.version());
        n.put("artifact", v.artifactId());
        n.put("model_type", facts.modelType());
        n.put("selection_metric", facts.selection().orElse(null));
        n.put("run_id", v.runId().orElse(null));
        n.put("step_run_id", v.stepRunId().orElse(null));
        n.put("created", v.created().toString());
        ObjectNode metrics = n.putObject("metrics");
        new java.util.TreeMap<>(v.metrics()).forEach(metrics::put);
        ArrayNode aliases = n.putArray("aliases");
        v.aliases().forEach(aliases::add);
        return n;
    }

    /** A sweep of a run, as {@code GET /api/v1/runs/{id}} lists it under {@code "sweeps"}. */
    public static ObjectNode sweep(SweepRow w) {
        ObjectNode n = Call.JSON.createObjectNode().put("step", w.step()).put("method", w.method()).put("metric", w.metric())
                .put("goal", w.goal()).put("trials", w.trials()).put("seed", w.seed());
        ArrayNode params = n.putArray("params");
        w.params().forEach(params::add);
        return n;
    }

    /** The sweep a {@link #sweep} answer describes. */
    public static SweepRow sweepRow(String runId, JsonNode n) {
        List<String> params = new ArrayList<>();
        n.path("params").forEach(p -> params.add(p.asText()));
        return new SweepRow(runId, n.path("step").asText(), n.path("method").asText(), n.path("metric").asText(),
                n.path("goal").asText(), n.path("trials").asInt(), n.path("seed").asLong(), params);
    }

    /** The model type and selection metric of a {@link #model} answer. */
    public static ModelFacts modelFacts(JsonNode n) {
        return new ModelFacts(n.path("model_type").asText("-"), optional(n.path("selection_metric")));
    }

    /** The model version a {@link #model} answer describes. */
    public static ModelVersion modelVersion(JsonNode n) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        n.path("metrics").properties().forEach(e -> metrics.put(e.getKey(), e.getValue().asDouble()));
        List<String> aliases = new ArrayList<>();
        n.path("aliases").forEach(a -> aliases.add(a.asText()));
        return new ModelVersion(n.path("name").asText(), n.path("version").asInt(), n.path("artifact").asText(),
                optional(n.path("run_id")), optional(n.path("step_run_id")), Instant.parse(n.path("created").asText()),
                metrics, aliases);
    }

    private static Optional<String> optional(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? Optional.empty() : Optional.of(n.asText());
    }

    private static Optional<Instant> instant(JsonNode n) {
        return optional(n).map(Instant::parse);
    }

    /** A JSON value as compact text (what the store keeps). */
    static String text(JsonNode n) {
        if (n.isMissingNode()) return "{}";
        try {
            return Call.JSON.writeValueAsString(n);
        } catch (IOException e) {
            return n.toString();
        }
    }

    /** Stored JSON text as a tree, or the text itself when it is not JSON. */
    static JsonNode parse(String json) {
        try {
            return json == null ? Call.JSON.nullNode() : Call.JSON.readTree(json);
        } catch (IOException e) {
            return Call.JSON.getNodeFactory().textNode(json);
        }
    }
}
