package dev.sluice.ml;

import dev.sluice.api.Check;
import dev.sluice.api.ComponentSpec;
import dev.sluice.api.ParamSpec;
import dev.sluice.api.StepContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link StepContext} for driving components in tests: inputs and params set by the test, outputs
 * written under one folder, metrics, checks and log lines kept for assertions. Not thread-safe.
 */
public final class TestContext implements StepContext {
    public final Path dir;
    public final Map<String, List<Path>> inputs = new LinkedHashMap<>();
    public final Map<String, Object> params = new LinkedHashMap<>();
    public final Map<String, Path> outputs = new LinkedHashMap<>();
    public final Map<String, Double> metrics = new LinkedHashMap<>();
    public final List<String> log = new ArrayList<>();
    /** The checks the step reported ({@link StepContext#check}), in order; the executor would gate on them. */
    public final List<Check> checks = new ArrayList<>();

    public TestContext(Path dir) {
        this.dir = dir;
    }

    public TestContext input(String name, Path... files) {
        inputs.put(name, List.of(files));
        return this;
    }

    public TestContext param(String name, Object value) {
        params.put(name, value);
        return this;
    }

    /**
     * Does what the executor's binder does before a step runs: checks every given parameter against the
     * component's spec and fills in defaults. Map values pass unchecked (the core has no MAP type yet).
     */
    public TestContext bind(ComponentSpec spec) {
        for (ParamSpec p : spec.params()) {
            Object raw = params.get(p.name());
            if (raw == null) {
                p.defaultValue().ifPresent(v -> params.put(p.name(), v));
            } else if (!(raw instanceof Map<?, ?>)) {
                params.put(p.name(), p.validate(raw));
            }
        }
        for (String key : params.keySet()) {
            if (spec.param(key).isEmpty()) throw new IllegalArgumentException(spec.name() + " has no parameter '" + key + "'");
        }
        return this;
    }

    /** The file written to output {@code name}; fails when the step did not write it. */
    public Path output(String name) {
        Path p = outputs.get(name);
        if (p == null || !Files.exists(p)) throw new AssertionError("no output '" + name + "' was written; outputs: " + outputs.keySet());
        return p;
    }

    @Override public String stepName() { return "test"; }
    @Override public int attempt() { return 1; }
    @Override public Path input(String name) {
        List<Path> files = inputs.get(name);
        if (files == null || files.size() != 1) throw new IllegalArgumentException("no single input '" + name + "'");
        return files.getFirst();
    }
    @Override public List<Path> inputs(String name) { return inputs.getOrDefault(name, List.of()); }
    @Override public Object inputValue(String name) { throw new UnsupportedOperationException(); }
    @Override public boolean hasInput(String name) { return inputs.containsKey(name); }
    @Override public Map<String, Object> params() { return params; }
    @Override public Path outputFile(String name, String fileName) {
        try {
            Path folder = Files.createDirectories(dir.resolve("outputs").resolve(name));
            Path file = folder.resolve(fileName);
            outputs.put(name, file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
    @Override public Path outputDir(String name) { throw new UnsupportedOperationException(); }
    @Override public void outputValue(String name, Object value) { throw new UnsupportedOperationException(); }
    @Override public void metric(String name, double value) { metrics.put(name, value); }
    @Override public void log(String line) { log.add(line); }
    @Override public void check(Check check) { checks.add(check); }
    @Override public Path pipelineDir() { return dir; }
    @Override public Path workDir() {
        try {
            return Files.createDirectories(dir.resolve("work"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
    @Override public int cpus() { return 1; }
    @Override public boolean cancelled() { return false; }
}
