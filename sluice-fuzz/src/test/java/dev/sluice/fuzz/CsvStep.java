package dev.sluice.fuzz;

import dev.sluice.api.PipelineException;
import dev.sluice.api.StepContext;
import dev.sluice.ml.data.CsvComponent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the {@code csv} component once on a file, as the executor would after binding its parameters (the spec's
 * defaults plus {@code parser} and {@code on_error: quarantine}), writing its outputs under {@code dir}. Not
 * thread-safe.
 */
final class CsvStep implements StepContext {
    private final Path dir;
    private final Map<String, Object> params = new LinkedHashMap<>();
    private final Map<String, Double> metrics = new LinkedHashMap<>();

    /** What one run gave: the outputs and metrics, or the error a user would see. */
    record Outcome(Optional<Path> data, Optional<Path> rejects, Map<String, Double> metrics, Optional<String> error) {}

    private CsvStep(Path dir, Path file, String parser) {
        this.dir = dir;
        params.put("path", file.toString());
        params.put("delimiter", ",");
        params.put("header", true);
        params.put("on_error", "quarantine");
        params.put("columns", List.of());
        params.put("nulls", List.of("", "NA", "N/A", "null"));
        params.put("parser", parser);
    }

    /** Reads {@code file} with the given parser ({@code auto} or {@code duckdb}); outputs go under {@code dir}. */
    static Outcome read(Path file, String parser, Path dir) {
        CsvStep ctx = new CsvStep(dir, file, parser);
        try {
            new CsvComponent().run(ctx);
        } catch (PipelineException e) {
            return new Outcome(Optional.empty(), Optional.empty(), ctx.metrics, Optional.of(e.getMessage()));
        } catch (java.sql.SQLException e) {
            throw new AssertionError("csv (" + parser + ") threw a raw SQLException: " + e.getMessage(), e);
        }
        return new Outcome(Optional.of(ctx.output("data")), Optional.of(ctx.output("rejects")), ctx.metrics, Optional.empty());
    }

    private Path output(String name) {
        return dir.resolve(name).resolve(name + ".parquet");
    }

    @Override public String stepName() { return "load"; }
    @Override public int attempt() { return 1; }
    @Override public Path input(String name) { throw new IllegalArgumentException("csv has no input " + name); }
    @Override public List<Path> inputs(String name) { return List.of(); }
    @Override public Object inputValue(String name) { throw new IllegalArgumentException("csv has no input " + name); }
    @Override public boolean hasInput(String name) { return false; }
    @Override public Map<String, Object> params() { return params; }
    @Override public void outputValue(String name, Object value) { throw new UnsupportedOperationException(name); }
    @Override public void metric(String name, double value) { metrics.put(name, value); }
    @Override public void log(String line) { }
    @Override public Path pipelineDir() { return dir; }
    @Override public int cpus() { return 1; }
    @Override public boolean cancelled() { return false; }

    @Override
    public Path outputFile(String name, String fileName) {
        try {
            return Files.createDirectories(dir.resolve(name)).resolve(name + ".parquet");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Path outputDir(String name) {
        throw new UnsupportedOperationException(name);
    }

    @Override
    public Path workDir() {
        try {
            return Files.createDirectories(dir.resolve("work"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
