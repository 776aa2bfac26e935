package dev.sluice.pipeline;

import dev.sluice.api.PortSpec;
import dev.sluice.pipeline.internal.Copies;
import dev.sluice.pipeline.internal.NameIndex;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated pipeline: an immutable DAG of {@link StepNode}s in a topological order that keeps
 * the file's order where the wiring allows, matrices expanded, parameters typed. Obtained from
 * {@link PipelineValidator} (or {@link PipelineBuilder#build()}); thread-safe.
 */
public final class Pipeline {
    private final String name;
    private final PipelineSpec spec;
    private final Map<String, Object> params;
    private final List<StepNode> steps;
    private final NameIndex byName;
    private final Map<String, List<String>> instances;
    private final Shape shape;

    /**
     * What a pipeline takes and gives when another uses it as a step, and where the steps that came from other files
     * resolve relative paths.
     *
     * @param inputs   declared inputs, not bound: a pipeline with inputs runs only as a step of another
     * @param outputs  declared outputs to the step outputs they stand for
     * @param baseDirs step instance to the folder its relative paths resolve against, for steps written in another
     *                 file ({@code uses: pipeline:...}); the others use the spec's folder
     * @param sweeps   swept step to its trials, in file order
     * @param foreach  step with {@code foreach:} to how its instances are made when the run reaches it
     */
    record Shape(Map<String, PortSpec> inputs, Map<String, List<OutputRef>> outputs, Map<String, Path> baseDirs,
                 Map<String, SweepTrials> sweeps, Map<String, Foreach> foreach) {
        static final Shape NONE = new Shape(Map.of(), Map.of(), Map.of(), Map.of(), Map.of());

        Shape(Map<String, PortSpec> inputs, Map<String, List<OutputRef>> outputs, Map<String, Path> baseDirs,
              Map<String, SweepTrials> sweeps) {
            this(inputs, outputs, baseDirs, sweeps, Map.of());
        }

        Shape {
            inputs = Copies.ordered(inputs);
            outputs = Copies.ordered(outputs);
            baseDirs = baseDirs.isEmpty() ? Map.of() : Map.copyOf(baseDirs);
            sweeps = Copies.ordered(sweeps);
            foreach = Copies.ordered(foreach);
        }
    }

    /**
     * @param params    resolved pipeline parameters
     * @param steps     step instances in topological order
     * @param instances base step name to its instance names (a plain step maps to itself)
     */
    public Pipeline(String name, PipelineSpec spec, Map<String, Object> params, List<StepNode> steps,
                    Map<String, List<String>> instances) {
        this(name, spec, params, steps, instances, Shape.NONE);
    }

    Pipeline(String name, PipelineSpec spec, Map<String, Object> params, List<StepNode> steps,
             Map<String, List<String>> instances, Shape shape) {
        this.name = Objects.requireNonNull(name, "name");
        this.spec = Objects.requireNonNull(spec, "spec");
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        this.steps = List.copyOf(steps);
        this.byName = new NameIndex(this.steps.size());
        for (int i = 0; i < this.steps.size(); i++) {
            String stepName = this.steps.get(i).name();
            if (!byName.add(stepName, i)) throw new IllegalArgumentException("duplicate step " + stepName);
        }
        this.instances = instances instanceof Instances compact ? compact
                : Collections.unmodifiableMap(new LinkedHashMap<>(instances));
        this.shape = shape;
    }

    public static PipelineBuilder builder(String name) {
        return new PipelineBuilder(name);
    }

    public String name() { return name; }

    /** The definition this pipeline was validated from. */
    public PipelineSpec spec() { return spec; }

    public Map<String, Object> params() { return params; }

    /** How many runs of this pipeline {@code sluice server} runs at once ({@code concurrency:}), if limited. */
    public Optional<Concurrency> concurrency() { return spec.concurrency(); }

    /** Step instances in topological order. */
    public List<StepNode> steps() { return steps; }

    public Optional<StepNode> step(String instanceName) {
        int i = byName.indexOf(instanceName);
        return i < 0 ? Optional.empty() : Optional.of(steps.get(i));
    }

    /**
     * When a step instance runs: with the others ({@code MAIN}), or after all of them ({@code finally:},
     * {@code on_failure:}).
     */
    public FinalSteps.Phase phase(StepNode node) {
        return spec.finalSteps().phaseOf(node.baseName());
    }

    /** Base step name to instance names, in file order. */
    public Map<String, List<String>> instances() { return instances; }

    /**
     * What the pipeline takes when another uses it as a step ({@code uses: pipeline:FILE} in YAML,
     * {@code uses(Pipeline)} in Java). Not empty means it cannot run on its own: nothing is bound to them.
     */
    public Map<String, PortSpec> inputs() { return shape.inputs(); }

    /**
     * Refuses a pipeline that declares inputs: nothing binds them unless another pipeline uses it as a step.
     *
     * @throws dev.sluice.api.DefinitionException saying so, at the pipeline's {@code inputs:}
     */
    public void requireRunnable() {
        if (inputs().isEmpty()) return;
        throw new dev.sluice.api.DefinitionException(List.of(spec.problem("inputs", "pipeline '" + name + "' takes inputs ("
                + String.join(", ", inputs().keySet()) + "), so it runs only as a step of another pipeline",
                "Use it from another pipeline: uses: pipeline:FILE with inputs: {" + inputs().keySet().iterator().next()
                        + ": STEP.OUTPUT}.")));
    }

    /** What it gives to a pipeline that uses it: each declared output and the step outputs it stands for. */
    public Map<String, List<OutputRef>> outputs() { return shape.outputs(); }

    /** Each swept step ({@code sweep:}) by name, with its trials, in file order (steps of used pipelines included). */
    public Map<String, SweepTrials> sweeps() { return shape.sweeps(); }

    /**
     * The step node a {@code foreach:} stands for until the run reaches it, with how its instances are made; empty for
     * any other node.
     */
    public Optional<Foreach> foreach(String nodeName) {
        return Optional.ofNullable(shape.foreach().get(nodeName));
    }

    /** Each step with {@code foreach:}, in file order. */
    public Map<String, Foreach> foreachSteps() { return shape.foreach(); }

    /**
     * The folder a step instance's relative paths (files it reads, scripts it runs) resolve against: the folder of the
     * file it is written in, which for a step of a used pipeline ({@code features/load}) is that pipeline's.
     */
    public Path baseDir(String stepName) {
        Path p = shape.baseDirs().get(stepName);
        return p != null ? p : spec.baseDir();
    }

    @Override
    public String toString() {
        return "Pipeline[" + name + ", " + steps.size() + " steps]";
    }
}
