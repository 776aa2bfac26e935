package dev.sluice.pipeline;

import dev.sluice.api.ParamSpec;
import dev.sluice.api.PortSpec;
import dev.sluice.api.Problem;
import dev.sluice.api.SourceLocation;
import dev.sluice.pipeline.internal.Copies;
import dev.sluice.pipeline.internal.Locations;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A pipeline as the author wrote it, not yet validated: from a YAML file (then every node has a
 * {@link SourceLocation}) or from {@link PipelineBuilder}.
 *
 * @param source    the file it came from, if any
 * @param baseDir   the folder relative paths are resolved against (the file's folder)
 * @param params    pipeline parameters in file order
 * @param steps     steps in file order, keyed by name
 * @param locations position of the value at each path, e.g. {@code steps.train.inputs.data} or
 *                  {@code steps.train.after[1]}; a step's own path {@code steps.train} points at its key
 * @param problems  structural problems the loader already found (unknown keys, wrong shapes, YAML syntax)
 * @param inputs    what the pipeline takes when another one uses it as a step ({@code uses: pipeline:FILE}): input name
 *                  to its port; its steps read one as {@code inputs.NAME}. A pipeline with inputs runs only as a step
 * @param outputs   what it gives to the pipeline that uses it: output name to the reference it stands for, e.g.
 *                  {@code data} to {@code check.data}
 * @param subPipelines the pipelines its steps use, by the {@code uses:} text that names them
 *                  ({@code pipeline:features.yaml}), each loaded from its own file with its own locations
 * @param concurrency the top-level {@code concurrency:} (how many runs {@code sluice server} runs at once), if given
 * @param retention the top-level {@code retention:} (how long its runs are kept), if given
 * @param finalSteps the steps listed under {@code finally:} and {@code on_failure:}: they run after all the others
 * @param schedules the top-level {@code schedules:} ({@code sluice server} starts runs by them), in file order
 * @param triggers  the top-level {@code triggers:} (webhook, data arrival, upstream): what makes {@code sluice server}
 *                  queue a run by itself
 */
public record PipelineSpec(String name, Optional<Path> source, Path baseDir, Map<String, ParamSpec> params,
                           Map<String, StepSpec> steps, Map<String, SourceLocation> locations, List<Problem> problems,
                           Map<String, PortSpec> inputs, Map<String, String> outputs,
                           Map<String, PipelineSpec> subPipelines, Optional<Concurrency> concurrency,
                           Optional<Retention> retention, FinalSteps finalSteps, List<Schedule> schedules,
                           List<TriggerSpec> triggers, Optional<String> engine) {
    /** The {@code uses:} prefix that names a pipeline file instead of a component. */
    public static final String PIPELINE_PREFIX = "pipeline:";

    public PipelineSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(baseDir, "baseDir");
        source = source == null ? Optional.empty() : source;
        concurrency = concurrency == null ? Optional.empty() : concurrency;
        retention = retention == null ? Optional.empty() : retention;
        finalSteps = finalSteps == null ? FinalSteps.NONE : finalSteps;
        schedules = schedules == null ? List.of() : List.copyOf(schedules);
        triggers = triggers == null ? List.of() : List.copyOf(triggers);
        engine = engine == null ? Optional.empty() : engine;
        params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
        steps = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(steps));
        locations = locations instanceof Locations l ? l : Map.copyOf(locations);
        problems = List.copyOf(problems);
        inputs = inputs == null ? Map.of() : Copies.ordered(inputs);
        outputs = outputs == null ? Map.of() : Copies.ordered(outputs);
        subPipelines = subPipelines == null ? Map.of() : Copies.ordered(subPipelines);
    }

    /** A spec without {@code schedules:}, {@code triggers:} or a pipeline-wide {@code engine:}. */
    public PipelineSpec(String name, Optional<Path> source, Path baseDir, Map<String, ParamSpec> params,
                        Map<String, StepSpec> steps, Map<String, SourceLocation> locations, List<Problem> problems,
                        Map<String, PortSpec> inputs, Map<String, String> outputs,
                        Map<String, PipelineSpec> subPipelines, Optional<Concurrency> concurrency,
                        Optional<Retention> retention, FinalSteps finalSteps) {
        this(name, source, baseDir, params, steps, locations, problems, inputs, outputs, subPipelines, concurrency,
                retention, finalSteps, List.of(), List.of(), Optional.empty());
    }

    /** A spec whose steps all run as the DAG allows (no {@code finally:} nor {@code on_failure:}). */
    public PipelineSpec(String name, Optional<Path> source, Path baseDir, Map<String, ParamSpec> params,
                        Map<String, StepSpec> steps, Map<String, SourceLocation> locations, List<Problem> problems,
                        Map<String, PortSpec> inputs, Map<String, String> outputs,
                        Map<String, PipelineSpec> subPipelines, Optional<Concurrency> concurrency,
                        Optional<Retention> retention) {
        this(name, source, baseDir, params, steps, locations, problems, inputs, outputs, subPipelines, concurrency,
                retention, FinalSteps.NONE);
    }

    /** A pipeline that takes and gives nothing, uses no other pipeline and has no {@code concurrency:} setting. */
    public PipelineSpec(String name, Optional<Path> source, Path baseDir, Map<String, ParamSpec> params,
                        Map<String, StepSpec> steps, Map<String, SourceLocation> locations, List<Problem> problems) {
        this(name, source, baseDir, params, steps, locations, problems, Map.of(), Map.of(), Map.of(), Optional.empty(),
                Optional.empty());
    }

    /** A spec without a {@code retention:} setting. */
    public PipelineSpec(String name, Optional<Path> source, Path baseDir, Map<String, ParamSpec> params,
                        Map<String, StepSpec> steps, Map<String, SourceLocation> locations, List<Problem> problems,
                        Map<String, PortSpec> inputs, Map<String, String> outputs,
                        Map<String, PipelineSpec> subPipelines, Optional<Concurrency> concurrency) {
        this(name, source, baseDir, params, steps, locations, problems, inputs, outputs, subPipelines, concurrency,
                Optional.empty());
    }

    /** A spec that takes and gives nothing and uses no other pipeline, with these settings. */
    public PipelineSpec(String name, Optional<Path> source, Path baseDir, Map<String, ParamSpec> params,
                        Map<String, StepSpec> steps, Map<String, SourceLocation> locations, List<Problem> problems,
                        Optional<Concurrency> concurrency, Optional<Retention> retention) {
        this(name, source, baseDir, params, steps, locations, problems, Map.of(), Map.of(), Map.of(), concurrency, retention);
    }

    /** This spec with the pipelines its steps use, and the problems found while loading them. */
    public PipelineSpec withSubPipelines(Map<String, PipelineSpec> loaded, List<Problem> more) {
        List<Problem> all = new java.util.ArrayList<>(problems);
        all.addAll(more);
        all.sort(Problem.ORDER);
        return new PipelineSpec(name, source, baseDir, params, steps, locations, all, inputs, outputs, loaded, concurrency,
                retention, finalSteps, schedules, triggers, engine);
    }

    /** True when {@code uses} names a pipeline file ({@code pipeline:features.yaml}) rather than a component. */
    public static boolean usesPipeline(String uses) {
        return uses.startsWith(PIPELINE_PREFIX);
    }

    /**
     * The location of {@code path}, or of its nearest ancestor that has one
     * ({@code steps.a.inputs.x[0]} → {@code steps.a.inputs.x} → {@code steps.a} ...).
     */
    public Optional<SourceLocation> locate(String path) {
        String p = path;
        while (!p.isEmpty()) {
            SourceLocation loc = locations.get(p);
            if (loc != null) return Optional.of(loc);
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut <= 0 ? "" : p.substring(0, cut);
        }
        return Optional.ofNullable(locations.get("pipeline"));
    }

    /** A problem located at {@code path}. */
    public Problem problem(String path, String message, String hint) {
        return new Problem(locate(path), path, message, hint);
    }
}
