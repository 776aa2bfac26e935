package dev.sluice.builtin;

import dev.sluice.api.StepContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A minimal {@link StepContext} for unit tests of components: files under one folder. */
final class FakeContext implements StepContext {
    final Path dir;
    final Map<String, List<Path>> inputs = new LinkedHashMap<>();
    final Map<String, Object> params = new LinkedHashMap<>();
    final Map<String, Path> outputs = new LinkedHashMap<>();
    final Map<String, Double> metrics = new LinkedHashMap<>();

    FakeContext(Path dir) {
        this.dir = dir;
    }

    FakeContext input(String name, Path... files) {
        inputs.put(name, List.of(files));
        return this;
    }

    FakeContext param(String name, Object value) {
        params.put(name, value);
        return this;
    }

    @Override public String stepName() { return "test"; }
    @Override public int attempt() { return 1; }
    @Override public Path input(String name) {
        List<Path> files = inputs.get(name);
        if (files == null || files.size() != 1) throw new IllegalArgumentException("no single input " + name);
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
    @Override public void log(String line) { }
    @Override public Path workDir() { return dir; }
    @Override public int cpus() { return 1; }
    @Override public boolean cancelled() { return false; }
}
