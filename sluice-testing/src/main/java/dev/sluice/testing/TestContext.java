package dev.sluice.testing;

import dev.sluice.api.Check;
import dev.sluice.api.Component;
import dev.sluice.api.ComponentSpec;
import dev.sluice.api.ModelRegistry;
import dev.sluice.api.ModelVersion;
import dev.sluice.api.ParamSpec;
import dev.sluice.api.StepContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link StepContext} for driving one component in a test, without a pipeline or a workspace: inputs and
 * parameters are set by the test, outputs are written under one folder ({@code DIR/outputs/PORT/}), and metrics,
 * checks and log lines are kept for assertions. Models can be registered for components that read the registry.
 * Not thread-safe.
 *
 * <pre>{@code
 * TestContext ctx = new TestContext(tempDir).input("data", table).param("target", "churned");
 * TestContext.run(new MyTrainer(), ctx);            // fills in the declared defaults, as the executor does
 * assertThat(ctx.metrics).containsKey("auc");
 * Path model = ctx.output("model");
 * }</pre>
 */
public final class TestContext implements StepContext {
    /** The folder the step writes under: {@code outputs/PORT/} and {@code work/}; also its pipeline folder. */
    public final Path dir;
    public final Map<String, List<Path>> inputs = new LinkedHashMap<>();
    public final Map<String, Object> params = new LinkedHashMap<>();
    public final Map<String, Path> outputs = new LinkedHashMap<>();
    public final Map<String, Double> metrics = new LinkedHashMap<>();
    public final List<String> log = new ArrayList<>();
    /** The checks the step reported ({@link StepContext#check}), in order; the executor would gate on them. */
    public final List<Check> checks = new ArrayList<>();
    /** Registered models by reference ({@code name@alias}), for {@link #models()}. */
    public final Map<String, ModelVersion> registered = new LinkedHashMap<>();
    /** Stored artifacts by id, for {@link #storedArtifact}. */
    public final Map<String, Path> stored = new LinkedHashMap<>();
    private String stepName = "test";
    private int cpus = 1;

    public TestContext(Path dir) {
        this.dir = dir;
    }

    /** The step's name ({@link #stepName()}); {@code test} unless set. */
    public TestContext named(String name) {
        this.stepName = name;
        return this;
    }

    /** The CPU slots the step is given ({@link #cpus()}); 1 unless set. */
    public TestContext cpus(int n) {
        this.cpus = n;
        return this;
    }

    public TestContext input(String name, Path... files) {
        inputs.put(name, List.of(files));
        return this;
    }

    public TestContext param(String name, Object value) {
        params.put(name, value);
        return this;
    }

    /** Registers {@code folder} as version {@code version} of model {@code name} under {@code alias}, with a made-up id. */
    public TestContext registered(String name, int version, String alias, Path folder) {
        String id = "sha256:" + String.format("%064x", registered.size() + 1);
        registered.put(name + "@" + alias, new ModelVersion(name, version, id, Optional.empty(), Optional.empty(),
                Instant.EPOCH, Map.of(), List.of(alias)));
        stored.put(id, folder);
        return this;
    }

    /**
     * Does what the executor's binder does before a step runs: checks every given parameter against the
     * component's spec and fills in defaults. Map values pass unchecked (the core has no MAP type yet).
     *
     * @throws IllegalArgumentException for a parameter the component does not declare
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

    /** Fills the parameters the test did not set with the component's declared defaults (nothing is validated). */
    public TestContext defaultsOf(Component component) {
        for (ParamSpec p : component.spec().params()) {
            if (!params.containsKey(p.name())) p.defaultValue().ifPresent(v -> params.put(p.name(), v));
        }
        return this;
    }

    /** Runs the component as the executor would, with its declared defaults filled in. */
    public static void run(Component component, TestContext ctx) throws Exception {
        component.run(ctx.defaultsOf(component));
    }

    /** The file or folder written to output {@code name}; fails when the step did not write it. */
    public Path output(String name) {
        Path p = outputs.get(name);
        if (p == null || !Files.exists(p)) throw new AssertionError("no output '" + name + "' was written; outputs: " + outputs.keySet());
        return p;
    }

    @Override public String stepName() { return stepName; }
    @Override public int attempt() { return 1; }
    @Override public Path input(String name) {
        List<Path> files = inputs.get(name);
        if (files == null || files.size() != 1) throw new IllegalArgumentException("no single input '" + name + "'");
        return files.getFirst();
    }
    @Override public List<Path> inputs(String name) { return inputs.getOrDefault(name, List.of()); }
    @Override public Object inputValue(String name) { throw new UnsupportedOperationException("value inputs: not in TestContext"); }
    @Override public boolean hasInput(String name) { return inputs.containsKey(name); }
    @Override public Map<String, Object> params() { return params; }
    @Override public Path outputFile(String name, String fileName) {
        Path file = mkdirs(dir.resolve("outputs").resolve(name)).resolve(fileName);
        outputs.put(name, file);
        return file;
    }
    @Override public Path outputDir(String name) {
        Path folder = mkdirs(dir.resolve("outputs").resolve(name));
        outputs.put(name, folder);
        return folder;
    }
    @Override public void outputValue(String name, Object value) { throw new UnsupportedOperationException("value outputs: not in TestContext"); }
    @Override public void metric(String name, double value) { metrics.put(name, value); }
    @Override public void log(String line) { log.add(line); }
    @Override public void check(Check check) { checks.add(check); }
    @Override public Path pipelineDir() { return dir; }
    @Override public Path workDir() { return mkdirs(dir.resolve("work")); }
    @Override public int cpus() { return cpus; }
    @Override public boolean cancelled() { return false; }

    @Override
    public Optional<ModelRegistry> models() {
        return Optional.of(new ModelRegistry() {
            @Override public ModelVersion register(String n, String a, Optional<String> s, List<String> al) {
                throw new UnsupportedOperationException("registering: not in TestContext");
            }
            @Override public ModelVersion alias(String n, int v, String a) {
                throw new UnsupportedOperationException("moving aliases: not in TestContext");
            }
            @Override public List<ModelVersion> versions(String n) { return List.copyOf(registered.values()); }
            @Override public List<ModelVersion> latest() { return List.copyOf(registered.values()); }
            @Override public Optional<ModelVersion> resolve(String reference) { return Optional.ofNullable(registered.get(reference)); }
        });
    }

    @Override
    public Optional<Path> storedArtifact(String artifactId) {
        return Optional.ofNullable(stored.get(artifactId));
    }

    private static Path mkdirs(Path p) {
        try {
            return Files.createDirectories(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
