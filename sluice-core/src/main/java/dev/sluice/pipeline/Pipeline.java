package dev.sluice.pipeline;

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

    /**
     * @param params    resolved pipeline parameters
     * @param steps     step instances in topological order
     * @param instances base step name to its instance names (a plain step maps to itself)
     */
    public Pipeline(String name, PipelineSpec spec, Map<String, Object> params, List<StepNode> steps,
                    Map<String, List<String>> instances) {
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

    /** Base step name to instance names, in file order. */
    public Map<String, List<String>> instances() { return instances; }

    @Override
    public String toString() {
        return "Pipeline[" + name + ", " + steps.size() + " steps]";
    }
}
