package dev.sluice.pipeline;

import dev.sluice.api.Component;
import dev.sluice.api.ParamSpec;
import dev.sluice.api.PortKind;
import dev.sluice.api.PortSpec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Builds a pipeline in Java, with the same grammar and validation as a YAML file. Not thread-safe.
 *
 * <pre>{@code
 * Pipeline p = Pipeline.builder("hello")
 *         .step("load", s -> s.uses("file").with("path", "data/iris.csv"))
 *         .step("upper", s -> s.uses(new Upper()).input("in", "load.file"))
 *         .build();
 * RunResult r = new LocalExecutor(RunOptions.defaults(home)).run(p, RunListener.NONE);
 * }</pre>
 *
 * <p>A pipeline can be a step of another: declare what it takes and gives with {@link #input} and {@link #output},
 * build it, and use it with {@link StepBuilder#uses(Pipeline)}; its steps join the other's as {@code STEP/NAME}.
 *
 * <pre>{@code
 * Pipeline features = Pipeline.builder("features").input("raw", PortKind.FILE)
 *         .step("upper", s -> s.uses(new Upper()).input("in", "inputs.raw"))
 *         .output("text", "upper.out")
 *         .build();
 * Pipeline p = Pipeline.builder("main")
 *         .step("load", s -> s.uses("file").with("path", "data/iris.csv"))
 *         .step("features", s -> s.uses(features).input("raw", "load.file"))
 *         .step("count", s -> s.uses("count").input("in", "features.text"))
 *         .build();
 * }</pre>
 */
public final class PipelineBuilder {
    private final String name;
    private final Map<String, ParamSpec> params = new LinkedHashMap<>();
    private final Map<String, StepSpec> steps = new LinkedHashMap<>();
    private final Map<String, PortSpec> inputs = new LinkedHashMap<>();
    private final Map<String, String> outputs = new LinkedHashMap<>();
    private final Map<String, PipelineSpec> subPipelines = new LinkedHashMap<>();
    /** One {@code Optional} per component name, shared by the steps that use it. */
    private final Map<String, Optional<String>> uses = new HashMap<>();
    private ComponentRegistry registry = ComponentRegistry.defaults();
    private Path baseDir = Path.of("").toAbsolutePath();
    private Optional<Concurrency> concurrency = Optional.empty();
    private final List<String> finallySteps = new ArrayList<>();
    private final List<String> onFailureSteps = new ArrayList<>();

    PipelineBuilder(String name) {
        this.name = name;
    }

    public PipelineBuilder param(ParamSpec param) {
        params.put(param.name(), param);
        return this;
    }

    /** Declares an input the pipeline takes when another uses it as a step; its steps read it as {@code inputs.NAME}. */
    public PipelineBuilder input(String inputName, PortKind kind) {
        return input(PortSpec.of(inputName, kind));
    }

    /** Declares an input (kind, whether it takes a list, a doc). */
    public PipelineBuilder input(PortSpec port) {
        inputs.put(port.name(), port);
        return this;
    }

    /** Declares an output the pipeline gives when another uses it: {@code output("data", "check.data")}. */
    public PipelineBuilder output(String outputName, String reference) {
        outputs.put(outputName, reference);
        return this;
    }

    /** Relative paths in steps resolve against this folder (default: the working directory). */
    public PipelineBuilder baseDir(Path dir) {
        this.baseDir = dir.toAbsolutePath();
        return this;
    }

    /** How many runs {@code sluice server} runs at once, as {@code concurrency: {max, policy}} in a file. */
    public PipelineBuilder concurrency(int max, Concurrency.Policy policy) {
        this.concurrency = Optional.of(new Concurrency(max, policy));
        return this;
    }

    /**
     * Steps that run after all the others whatever happened, as {@code finally: [...]} in a file: the step names, each
     * defined with {@link #step}. They can read {@code ${run.status}} and {@code ${run.failed_steps}}; their own failure
     * is recorded but leaves the run's status as it was.
     */
    public PipelineBuilder finallySteps(String... stepNames) {
        finallySteps.addAll(Arrays.asList(stepNames));
        return this;
    }

    /** Steps that run after all the others only when the run failed, as {@code on_failure: [...]} in a file. */
    public PipelineBuilder onFailure(String... stepNames) {
        onFailureSteps.addAll(Arrays.asList(stepNames));
        return this;
    }

    /** Looks components up in this registry instead of {@link ComponentRegistry#defaults()}. */
    public PipelineBuilder registry(ComponentRegistry r) {
        this.registry = r;
        return this;
    }

    public PipelineBuilder step(String stepName, Consumer<StepBuilder> configure) {
        StepBuilder b = new StepBuilder(stepName);
        configure.accept(b);
        if (b.component != null) registry = registry.with(b.component);
        if (b.pipeline != null) {
            subPipelines.put(b.uses, b.pipeline.spec());
            // the components its steps were built with, so validating it here finds them too
            for (StepNode n : b.pipeline.steps()) {
                if (n.kind() instanceof StepKind.JavaStep j && !registry.names().contains(j.component().spec().name())) {
                    registry = registry.with(j.component());
                }
            }
        }
        steps.put(stepName, b.toSpec(uses));
        return this;
    }

    /** The definition, not yet validated. */
    public PipelineSpec spec() {
        return new PipelineSpec(name, Optional.empty(), baseDir, params, steps, Map.of(), List.of(), inputs, outputs,
                subPipelines, concurrency, Optional.empty(), new FinalSteps(finallySteps, onFailureSteps));
    }

    /** Validates with parameter defaults. */
    public Pipeline build() {
        return build(Map.of());
    }

    /** Validates with parameter overrides given as text, as {@code -p name=value} would. */
    public Pipeline build(Map<String, String> overrides) {
        return new PipelineValidator(registry).validate(spec(), overrides);
    }

    /** One step's definition; every method returns this builder. */
    public static final class StepBuilder {
        private final String name;
        private String uses;
        private Component component;
        private Pipeline pipeline;
        private List<String> run = List.of();
        private final Map<String, Object> with = new LinkedHashMap<>();
        private final Map<String, List<String>> inputs = new LinkedHashMap<>();
        private final Map<String, PortKind> outputs = new LinkedHashMap<>();
        private final List<String> after = new ArrayList<>();
        private final Map<String, List<Object>> matrix = new LinkedHashMap<>();
        private SweepSpec sweep;
        private ForeachSpec foreach;
        private String when;
        private RetryPolicy retries = RetryPolicy.NONE;
        private Duration timeout;
        private final Map<String, String> checks = new LinkedHashMap<>();
        private int cpu = 1;
        private final Map<String, String> env = new LinkedHashMap<>();
        private final List<String> code = new ArrayList<>();
        private boolean cache = true;

        private StepBuilder(String name) {
            this.name = name;
        }

        /** A component by short name or class name. */
        public StepBuilder uses(String componentName) { this.uses = componentName; return this; }

        /** A component object, registered under its spec's name for this pipeline. */
        public StepBuilder uses(Component c) { this.component = c; this.uses = c.spec().name(); return this; }

        /**
         * Another pipeline as this step: its steps join this pipeline as {@code STEP/NAME}, {@link #with} sets its
         * parameters, {@link #input} binds its declared inputs, and other steps read its declared outputs as
         * {@code STEP.OUTPUT}. It is named {@code pipeline:NAME} in messages.
         */
        public StepBuilder uses(Pipeline used) {
            this.pipeline = used;
            this.uses = PipelineSpec.PIPELINE_PREFIX + used.name();
            return this;
        }

        /** A command step's argument list (never a shell string). */
        public StepBuilder run(String... argv) { this.run = List.of(argv); return this; }

        public StepBuilder with(String param, Object value) { with.put(param, value); return this; }

        /** Wires an input to one or more references such as {@code load.data} or {@code gbdt[*].model}. */
        public StepBuilder input(String port, String... refs) { inputs.put(port, List.of(refs)); return this; }

        /** Declares a command step's output. */
        public StepBuilder output(String port, PortKind kind) { outputs.put(port, kind); return this; }

        public StepBuilder after(String... stepNames) { after.addAll(Arrays.asList(stepNames)); return this; }

        public StepBuilder matrix(String param, Object... values) { matrix.put(param, List.of(values)); return this; }

        /**
         * A search over parameters instead of a matrix: one instance per trial ({@code STEP[trial=N]}), e.g.
         * {@code sweep(new SweepSpec(Method.RANDOM, 20, 7, 4, new Objective("auc", Goal.MAXIMIZE),
         * Map.of("eta", new LogUniform(0.01, 0.3))))}; {@code Method.TPE} proposes trials from earlier results.
         */
        public StepBuilder sweep(SweepSpec search) { this.sweep = search; return this; }

        /**
         * One instance per element of the JSON list that output {@code from} ({@code STEP.OUTPUT}, a {@code value})
         * holds when the run reaches this step, as {@code foreach: {from, as, max}} in a file.
         */
        public StepBuilder foreach(ForeachSpec over) { this.foreach = over; return this; }

        public StepBuilder when(String condition) { this.when = condition; return this; }

        public StepBuilder retries(int max, Duration backoff) { this.retries = new RetryPolicy(max, backoff, 2.0); return this; }

        public StepBuilder timeout(Duration d) { this.timeout = d; return this; }

        public StepBuilder check(String metric, String condition) { checks.put(metric, condition); return this; }

        public StepBuilder cpu(int n) { this.cpu = n; return this; }

        public StepBuilder env(String variable, String value) { env.put(variable, value); return this; }

        public StepBuilder code(String... files) { code.addAll(Arrays.asList(files)); return this; }

        public StepBuilder cache(boolean enabled) { this.cache = enabled; return this; }

        StepSpec toSpec(Map<String, Optional<String>> shared) {
            Optional<String> component = uses == null ? Optional.empty() : shared.computeIfAbsent(uses, Optional::of);
            return new StepSpec(name, component, run, with, inputs, outputs, after, matrix,
                    Optional.ofNullable(when), retries, Optional.ofNullable(timeout), checks, cpu, env, code, cache,
                    Optional.ofNullable(sweep), Optional.ofNullable(foreach));
        }
    }
}
