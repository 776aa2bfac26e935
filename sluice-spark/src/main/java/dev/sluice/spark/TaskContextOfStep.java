package dev.sluice.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.Check;
import dev.sluice.api.ComponentSpec;
import dev.sluice.api.ParamSpec;
import dev.sluice.api.StepContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link StepContext} of a step run inside a Spark task ({@link TaskStep}): parameters and input paths as the driver
 * sent them, outputs in the attempt's folder, and what the step reports kept for the answer to the driver. Not shared
 * between threads.
 */
final class TaskContextOfStep implements StepContext {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode given;
    private final ComponentSpec spec;
    private final Path dir;
    private final Map<String, Object> params;
    private final ObjectNode outputs = JSON.createObjectNode();
    private final Map<String, Double> metrics = new LinkedHashMap<>();
    private final List<String> log = new ArrayList<>();
    private final ArrayNode checks = JSON.createArrayNode();

    @SuppressWarnings("unchecked")
    TaskContextOfStep(JsonNode given, ComponentSpec spec, Path dir) throws IOException {
        this.given = given;
        this.spec = spec;
        this.dir = dir;
        this.params = Collections.unmodifiableMap(JSON.treeToValue(given.get("params"), LinkedHashMap.class));
    }

    ObjectNode answer() {
        ObjectNode a = JSON.createObjectNode();
        a.set("outputs", outputs);
        a.set("metrics", JSON.valueToTree(metrics));
        a.set("log", JSON.valueToTree(log));
        a.set("checks", checks);
        return a;
    }

    @Override public String stepName() { return given.get("step").asText(); }
    @Override public int attempt() { return given.get("attempt").asInt(); }
    @Override public Map<String, Object> params() { return params; }
    @Override public Optional<ParamSpec> declaredParam(String name) { return spec.param(name); }
    @Override public int cpus() { return given.get("cpus").asInt(); }
    @Override public Path pipelineDir() { return Path.of(given.get("pipelineDir").asText()); }
    @Override public boolean cancelled() { return org.apache.spark.TaskContext.get() != null && org.apache.spark.TaskContext.get().isInterrupted(); }
    @Override public void log(String line) { log.add(line); }
    @Override public void metric(String name, double value) { metrics.put(name, value); }

    @Override
    public Path input(String name) {
        List<Path> all = inputs(name);
        if (all.size() != 1) throw new IllegalArgumentException("input '" + name + "' has " + all.size() + " artifacts, not one");
        return all.get(0);
    }

    @Override
    public List<Path> inputs(String name) {
        JsonNode paths = given.get("inputs").get(name);
        if (paths == null) throw new IllegalArgumentException("step '" + stepName() + "' has no input '" + name + "'");
        List<Path> out = new ArrayList<>();
        for (JsonNode p : paths) out.add(Path.of(p.asText()));
        return out;
    }

    @Override
    public Object inputValue(String name) {
        throw new UnsupportedOperationException("a step run in a Spark task reads files, not values (input '" + name + "')");
    }

    @Override
    public boolean hasInput(String name) {
        return given.get("inputs").has(name);
    }

    @Override
    public Path outputFile(String name, String fileName) {
        Path port = folder(name);
        ObjectNode o = outputs.putObject(name);
        o.put("kind", "file");
        o.put("path", port.resolve(fileName).toString());
        return port.resolve(fileName);
    }

    @Override
    public Path outputDir(String name) {
        Path port = folder(name);
        ObjectNode o = outputs.putObject(name);
        o.put("kind", "dir");
        o.put("path", port.toString());
        return port;
    }

    @Override
    public void outputValue(String name, Object value) {
        ObjectNode o = outputs.putObject(name);
        o.put("kind", "value");
        o.set("value", JSON.valueToTree(value));
    }

    @Override
    public void check(Check check) {
        ObjectNode c = checks.addObject();
        c.put("name", check.name());
        c.put("passed", check.passed());
        c.put("expected", check.expected());
        c.put("observed", check.observed());
        c.put("details", check.details());
        c.put("severity", check.severity().name());
    }

    @Override
    public Path workDir() {
        return folder("work");
    }

    private Path folder(String name) {
        Path p = dir.resolve("out").resolve(name);
        try {
            return Files.createDirectories(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
