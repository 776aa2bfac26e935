package dev.sluice.exec;

import dev.sluice.api.CheckResult;
import dev.sluice.api.ComponentSpec;
import dev.sluice.api.PortSpec;
import dev.sluice.api.StepContext;
import dev.sluice.pipeline.Suggestions;
import dev.sluice.store.ArtifactStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link StepContext} of one attempt of a Java step. Folders are created only when asked for. Thread-safe
 * for the calls a step makes from threads it starts itself (outputs, metrics, checks and log are synchronized).
 */
final class JavaStepContext implements StepContext {
    private final String step;
    private final Attempt attempt;
    private final ComponentSpec spec;
    private final StepInputs inputs;
    private final Map<String, Object> params;
    private final StepFolder folder;
    private final StepLog log;
    private final int cpus;
    private final Path pipelineDir;
    private final StepServices extra;
    /** The run's folder for output files that move into the store at once, or null: each output has a folder. */
    private final java.util.function.Supplier<Path> staging;
    private final Map<String, Object> outputs = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, Double> metrics = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, CheckResult> checks = Collections.synchronizedMap(new LinkedHashMap<>());

    JavaStepContext(String step, Attempt attempt, ComponentSpec spec, StepInputs inputs, Map<String, Object> params,
                    StepFolder folder, StepLog log, int cpus, Path pipelineDir, StepServices extra,
                    java.util.function.Supplier<Path> staging) {
        this.extra = extra;
        this.staging = staging;
        this.step = step;
        this.attempt = attempt;
        this.spec = spec;
        this.inputs = inputs;
        this.params = Collections.unmodifiableMap(params);
        this.folder = folder;
        this.log = log;
        this.cpus = cpus;
        this.pipelineDir = pipelineDir.toAbsolutePath().normalize();
    }

    @Override public String stepName() { return step; }
    @Override public int attempt() { return attempt.number; }
    @Override public Map<String, Object> params() { return params; }
    @Override public Optional<dev.sluice.api.ParamSpec> declaredParam(String name) { return spec.param(name); }
    @Override public int cpus() { return cpus; }
    @Override public Path pipelineDir() { return pipelineDir; }
    @Override public Optional<dev.sluice.api.ModelRegistry> models() { return extra.models(); }
    @Override public Optional<Path> storedArtifact(String artifactId) { return extra.artifacts().apply(artifactId); }

    @Override
    public Optional<String> inputId(String name) {
        List<String> ids = extra.inputIds().getOrDefault(name, List.of());
        return ids.size() == 1 ? Optional.of(ids.getFirst()) : Optional.empty();
    }
    @Override public boolean cancelled() { return attempt.aborted() != null; }
    @Override public void log(String line) { log.line(line); }

    @Override
    public Path input(String name) {
        List<Object> v = present(name);
        if (v.size() != 1) {
            throw new IllegalStateException("input '" + name + "' of step '" + step + "' receives " + v.size()
                    + " artifacts; read them with ctx.inputs(\"" + name + "\")");
        }
        return asPath(name, v.getFirst());
    }

    @Override
    public List<Path> inputs(String name) {
        known(name);
        List<Path> out = new ArrayList<>();
        for (Object v : inputs.get(name)) out.add(asPath(name, v));
        return List.copyOf(out);
    }

    @Override
    public Object inputValue(String name) {
        List<Object> v = present(name);
        return inputs.many(name) ? v : v.getFirst();
    }

    @Override
    public boolean hasInput(String name) {
        return inputs.has(name);
    }

    @Override
    public Path outputFile(String name, String fileName) {
        Path dir = folder.outputs().resolve(declared(name));
        Path file = dir.resolve(fileName).normalize();
        if (fileName.isBlank() || !file.startsWith(dir) || file.equals(dir)) {
            throw new IllegalArgumentException("output file name '" + fileName + "' of step '" + step
                    + "' must be a file name inside the output folder, such as 'model.json'");
        }
        if (staging != null && file.getParent().equals(dir)) {
            // moved into the store as soon as the step returns: one file in the run's staging folder, no folders
            // of its own (three mkdirs a step); the name keeps the extension the store guesses the media type from
            file = staging.get().resolve(stagedPrefix(folder, attempt.number) + spec.outputs().indexOf(spec.output(name).orElseThrow())
                    + "-" + file.getFileName());
        } else {
            StepFolder.ensure(file.getParent());
        }
        outputs.put(name, file);
        return file;
    }

    /**
     * {@inheritDoc} When the outputs move into a store, they are kept in memory until the step returns and stored
     * from there ({@code DurableJournal}); otherwise they are written to {@link #outputFile}.
     */
    @Override
    public void outputBytes(String name, String fileName, byte[] bytes) {
        java.util.Objects.requireNonNull(bytes, "bytes of output '" + name + "'");
        if (staging == null) {
            StepContext.super.outputBytes(name, fileName, bytes);
            return;
        }
        Path dir = folder.outputs().resolve(declared(name));
        Path file = dir.resolve(fileName).normalize();
        if (fileName.isBlank() || !file.getParent().equals(dir)) {
            throw new IllegalArgumentException("output file name '" + fileName + "' of step '" + step
                    + "' must be a file name, such as 'report.txt'");
        }
        outputs.put(name, new ArtifactStore.Content(bytes, fileName, Optional.empty()));
    }

    /**
     * The start of the names of an attempt's files in the staging folder, {@code <step folder>@<attempt>-}: unique per
     * attempt, since step folders are unique in a run and hold no {@code @}.
     */
    static String stagedPrefix(StepFolder folder, int attempt) {
        return folder.dir().getFileName() + "@" + attempt + "-";
    }

    @Override
    public Path outputDir(String name) {
        Path dir = StepFolder.ensure(folder.outputs().resolve(declared(name)));
        outputs.put(name, dir);
        return dir;
    }

    @Override
    public void outputValue(String name, Object value) {
        outputs.put(declared(name), java.util.Objects.requireNonNull(value, "value of output '" + name + "'"));
    }

    @Override
    public void metric(String name, double value) {
        metrics.put(name, value);
    }

    /** Judges the values this trial reports; null outside a sweep with median stopping. */
    private volatile dev.sluice.pipeline.MedianStopping.Judge judge;
    private volatile boolean stopped;

    /** Makes this a trial of a sweep with median stopping, judged by {@code judge}. */
    JavaStepContext judgedBy(dev.sluice.pipeline.MedianStopping.Judge judge) {
        this.judge = judge;
        return this;
    }

    @Override
    public synchronized boolean report(String metric, int step, double value) {
        java.util.Objects.requireNonNull(metric, "metric");
        if (step < 1) throw new IllegalArgumentException("step '" + this.step + "' reported " + metric + " at step " + step
                + "; steps count from 1");
        dev.sluice.pipeline.MedianStopping.Judge j = judge;
        if (j == null) return false;
        if (stopped) return true;
        if (!metric.equals(j.median().metric())) return false;
        metrics.put(dev.sluice.pipeline.MedianStopping.key(metric, step), value);
        Optional<String> verdict = j.verdict(step, value);
        if (verdict.isEmpty()) return false;
        stopped = true;
        metrics.put(dev.sluice.pipeline.MedianStopping.STOPPED_AT, (double) step);
        log.line(verdict.get());
        return true;
    }

    @Override
    public void check(dev.sluice.api.Check check) {
        if (checks.putIfAbsent(check.name(), CheckResult.of(check)) != null) {
            throw new IllegalArgumentException("step '" + step + "' reported check '" + check.name() + "' twice");
        }
    }

    /** The checks the step reported, in the order it reported them. */
    List<CheckResult> checks() {
        synchronized (checks) {
            return List.copyOf(checks.values());
        }
    }

    @Override
    public Path workDir() {
        return StepFolder.ensure(folder.work());
    }

    /** Every declared output, after the step returned; the first one missing is reported. */
    Optional<String> missingOutput() {
        for (PortSpec port : spec.outputs()) {
            Object v = outputs.get(port.name());
            if (v == null || (v instanceof Path p && !Files.exists(p))) {
                return Optional.of("step '" + step + "' did not write its output '" + port.name() + "'");
            }
        }
        return Optional.empty();
    }

    Map<String, Object> outputs() {
        synchronized (outputs) {
            return Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
        }
    }

    Map<String, Double> metrics() {
        synchronized (metrics) {
            return Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        }
    }

    private String declared(String name) {
        if (spec.output(name).isEmpty()) {
            List<String> names = spec.outputs().stream().map(PortSpec::name).toList();
            throw new IllegalArgumentException("component '" + spec.name() + "' declares no output '" + name
                    + "'; declared outputs: " + names + Suggestions.didYouMean(name, names).map(s -> ". " + s).orElse(""));
        }
        return name;
    }

    private void known(String name) {
        if (!inputs.bindings().containsKey(name) && spec.input(name).isEmpty()) {
            List<String> names = spec.inputs().stream().map(PortSpec::name).toList();
            throw new IllegalArgumentException("step '" + step + "' has no input '" + name + "'; its inputs: " + names
                    + Suggestions.didYouMean(name, names).map(s -> ". " + s).orElse(""));
        }
    }

    private List<Object> present(String name) {
        known(name);
        if (!inputs.has(name)) {
            throw new IllegalStateException("input '" + name + "' of step '" + step + "' is absent (not wired, or its"
                    + " producer was skipped); check ctx.hasInput(\"" + name + "\") first");
        }
        return inputs.get(name);
    }

    private Path asPath(String name, Object v) {
        if (v instanceof Path p) return p;
        throw new IllegalStateException("input '" + name + "' of step '" + step + "' is a value, not a file; read it with"
                + " ctx.inputValue(\"" + name + "\")");
    }
}
