package dev.sluice.ml.model;

import dev.sluice.api.StepContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A minimal {@link StepContext} for component tests: inputs are paths, outputs go under one folder. */
final class FakeContext implements StepContext {
    final Path dir;
    final String name;
    final Map<String, List<Path>> inputs = new LinkedHashMap<>();
    final Map<String, Object> params = new LinkedHashMap<>();
    final Map<String, Path> outputs = new LinkedHashMap<>();
    final Map<String, Double> metrics = new LinkedHashMap<>();
    final List<String> log = new ArrayList<>();
    /** Registered models: reference (name@alias) → version, and artifact id → folder, for the registry views. */
    final Map<String, dev.sluice.api.ModelVersion> registered = new LinkedHashMap<>();
    final Map<String, Path> stored = new LinkedHashMap<>();

    FakeContext(Path dir, String name) {
        this.dir = dir;
        this.name = name;
    }

    FakeContext input(String port, Path... files) {
        inputs.put(port, List.of(files));
        return this;
    }

    /** Registers {@code folder} as {@code name@version} under {@code alias}, so {@link #models()} resolves it. */
    FakeContext registered(String name, int version, String alias, Path folder) {
        String id = "sha256:" + String.format("%064x", registered.size() + 1);
        var v = new dev.sluice.api.ModelVersion(name, version, id, java.util.Optional.empty(), java.util.Optional.empty(),
                java.time.Instant.EPOCH, Map.of(), List.of(alias));
        registered.put(name + "@" + alias, v);
        stored.put(id, folder);
        return this;
    }

    @Override
    public java.util.Optional<dev.sluice.api.ModelRegistry> models() {
        return java.util.Optional.of(new dev.sluice.api.ModelRegistry() {
            @Override public dev.sluice.api.ModelVersion register(String n, String a, java.util.Optional<String> s, List<String> al) {
                throw new UnsupportedOperationException();
            }
            @Override public dev.sluice.api.ModelVersion alias(String n, int v, String a) { throw new UnsupportedOperationException(); }
            @Override public List<dev.sluice.api.ModelVersion> versions(String n) { return List.copyOf(registered.values()); }
            @Override public List<dev.sluice.api.ModelVersion> latest() { return List.copyOf(registered.values()); }
            @Override public java.util.Optional<dev.sluice.api.ModelVersion> resolve(String reference) {
                return java.util.Optional.ofNullable(registered.get(reference));
            }
        });
    }

    @Override
    public java.util.Optional<Path> storedArtifact(String artifactId) {
        return java.util.Optional.ofNullable(stored.get(artifactId));
    }

    FakeContext param(String key, Object value) {
        params.put(key, value);
        return this;
    }

    /** Fills parameters the test did not set with the component's defaults, as the executor does. */
    /** Runs the component as the executor would: with its declared defaults filled in. */
    static void run(dev.sluice.api.Component component, FakeContext ctx) throws Exception {
        component.run(ctx.defaultsOf(component));
    }

    FakeContext defaultsOf(dev.sluice.api.Component component) {
        for (dev.sluice.api.ParamSpec p : component.spec().params()) {
            if (!params.containsKey(p.name())) p.defaultValue().ifPresent(v -> params.put(p.name(), v));
        }
        return this;
    }

    @Override public String stepName() { return name; }
    @Override public int attempt() { return 1; }
    @Override public Path input(String port) {
        List<Path> files = inputs.get(port);
        if (files == null || files.size() != 1) throw new IllegalArgumentException("no single input " + port);
        return files.getFirst();
    }
    @Override public List<Path> inputs(String port) { return inputs.getOrDefault(port, List.of()); }
    @Override public Object inputValue(String port) { throw new UnsupportedOperationException(); }
    @Override public boolean hasInput(String port) { return inputs.containsKey(port); }
    @Override public Map<String, Object> params() { return params; }
    @Override public Path outputFile(String port, String fileName) {
        Path file = mkdirs(dir.resolve("outputs").resolve(port)).resolve(fileName);
        outputs.put(port, file);
        return file;
    }
    @Override public Path outputDir(String port) {
        Path folder = mkdirs(dir.resolve("outputs").resolve(port));
        outputs.put(port, folder);
        return folder;
    }
    @Override public void outputValue(String port, Object value) { throw new UnsupportedOperationException(); }
    @Override public void metric(String key, double value) { metrics.put(key, value); }
    @Override public void log(String line) { log.add(line); }
    @Override public Path workDir() { return mkdirs(dir.resolve("work")); }
    @Override public int cpus() { return 2; }
    @Override public boolean cancelled() { return false; }

    private static Path mkdirs(Path p) {
        try {
            return Files.createDirectories(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
