package dev.sluice.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a running step gets: its typed inputs, its resolved parameters, where to put its
 * outputs, metrics and a log. One context belongs to one attempt of one step; it is not shared
 * between threads by the executor, but may be used from threads the step starts itself.
 */
public interface StepContext {
    /** The step's name in the run, including a matrix suffix such as {@code gbdt[eta=0.1]}. */
    String stepName();

    /** 1 for the first attempt, 2 for the first retry, ... */
    int attempt();

    /** The path of the single artifact wired to a file-like input. Fails if the input is absent. */
    Path input(String name);

    /** The paths of all artifacts wired to an input (fan-in); empty when an optional input is absent. */
    List<Path> inputs(String name);

    /** The value of a {@link PortKind#VALUE} input. */
    Object inputValue(String name);

    /** True when the input is wired and its producer was not skipped. */
    boolean hasInput(String name);

    /** All resolved parameters of this step, typed (Long, Double, Boolean, String, List). */
    Map<String, Object> params();

    /**
     * The declaration of one of this step's parameters (type, default, bounds), when its component declares it. The
     * executor's context always has it; a context built by hand (a test's) may declare nothing.
     */
    default Optional<ParamSpec> declaredParam(String name) {
        return Optional.empty();
    }

    /**
     * A parameter's value: the one given, or else the default its component declares. A component reads its
     * parameters through this (or the typed methods below) and never repeats a declared default in its code.
     *
     * @throws IllegalArgumentException when the parameter has neither a value nor a declared default
     */
    default Object param(String name) {
        return optionalParam(name).orElseThrow(
                () -> new IllegalArgumentException("step '" + stepName() + "' has no parameter '" + name + "'"));
    }

    /** A parameter's value, or else its declared default; empty for an optional parameter left out that has none. */
    default Optional<Object> optionalParam(String name) {
        Object v = params().get(name);
        return v != null ? Optional.of(v) : declaredParam(name).flatMap(ParamSpec::defaultValue);
    }

    default long intParam(String name) { return ((Number) param(name)).longValue(); }
    default double doubleParam(String name) { return ((Number) param(name)).doubleValue(); }
    default boolean boolParam(String name) { return (Boolean) param(name); }
    default String stringParam(String name) { return String.valueOf(param(name)); }

    @SuppressWarnings("unchecked")
    default List<Object> listParam(String name) { return (List<Object>) param(name); }

    /** A path for a single-file output named {@code name}, with the given file name; parent folders exist. */
    Path outputFile(String name, String fileName);

    /**
     * Hands over the whole content of a single-file output named {@code name} as bytes, instead of writing it to
     * {@link #outputFile}: for small outputs (a report, a few kilobytes of JSON). In a recorded run the executor
     * stores them from memory (hashed there, written to the store once, kept in the metadata database up to 16 KiB)
     * without a file of the step's own; downstream steps still read the output as a file. {@code fileName} names it
     * as {@link #outputFile} would (its extension gives the media type). The array must not be changed afterwards.
     * Calling it again for the same output replaces the content. The default writes the bytes to
     * {@link #outputFile}.
     */
    default void outputBytes(String name, String fileName, byte[] bytes) {
        try {
            java.nio.file.Files.write(outputFile(name, fileName), bytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write output '" + name + "' of step '" + stepName() + "': "
                    + e.getMessage(), e);
        }
    }

    /** An empty folder that becomes the folder output named {@code name}. */
    Path outputDir(String name);

    /** Sets a {@link PortKind#VALUE} output. */
    void outputValue(String name, Object value);

    /** Records a metric; {@code checks:} are evaluated against these after the step returns. */
    void metric(String name, double value);

    /**
     * Reports an intermediate value of a metric while the step runs ({@code step} 1, 2, ...: a boosting round, an
     * epoch) and answers whether the step should stop now. Only a trial of a sweep with median stopping
     * ({@code early_stop: {median: ...}}) keeps the values and may be told to stop: it is when its value is worse than
     * the median of the trials before it at that step. A step told to stop returns soon, normally, with what it has; the
     * run records it as stopped, and what reads the sweep's trials does not read it. Elsewhere this keeps nothing and
     * answers false, so a component may report wherever it trains step by step.
     *
     * @return true when the step should stop (and from then on)
     */
    default boolean report(String metric, int step, double value) {
        return false;
    }

    /** Appends a line to the step's log. */
    void log(String line);

    /**
     * Records a check this step evaluated itself ({@link Check}): shown with the step's {@code checks:}, and a failed
     * one of severity error fails the step as a gate once it returns (report every check, then return normally).
     * The default, for contexts that record nothing, throws on such a failure at once.
     */
    default void check(Check check) {
        if (check.blocks()) {
            throw new PipelineException("check failed: " + check.name() + " " + check.expected() + " (observed " + check.observed() + ")");
        }
    }

    /**
     * The folder of the pipeline file (for a pipeline built in Java, its builder's base folder): relative
     * paths in parameters mean paths relative to it.
     */
    default Path pipelineDir() {
        return Path.of("").toAbsolutePath();
    }

    /** {@code path} resolved against {@link #pipelineDir()} (an absolute path stays as it is). */
    default Path resolve(String path) {
        return pipelineDir().resolve(path).normalize();
    }

    /** The id ({@code sha256:...}) of the stored artifact wired to an input, when the run is recorded. */
    default Optional<String> inputId(String name) {
        return Optional.empty();
    }

    /** The model registry of the workspace the run is recorded in; empty for a run that records nothing. */
    default Optional<ModelRegistry> models() {
        return Optional.empty();
    }

    /**
     * Where a stored artifact of the workspace ({@code sha256:...}) is, read-only; empty for a run that records
     * nothing or an id the store does not hold. With {@link #models()} it lets a step read a registered model:
     * {@code ctx.models().flatMap(r -> r.resolve("churn@champion")).flatMap(v -> ctx.storedArtifact(v.artifactId()))}.
     */
    default Optional<Path> storedArtifact(String artifactId) {
        return Optional.empty();
    }

    /** A private scratch folder for this attempt. */
    Path workDir();

    /** CPUs reserved for this step ({@code resources: {cpu: N}}); trainers should use this many threads. */
    int cpus();

    /** True once the run is cancelled or the step timed out; long loops should check it (or the interrupt flag). */
    boolean cancelled();
}
