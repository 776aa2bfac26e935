package dev.sluice.pipeline;

import dev.sluice.api.ParamSpec;
import dev.sluice.api.Problem;
import dev.sluice.api.SourceLocation;

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
 * @param concurrency the top-level {@code concurrency:} (how many runs {@code sluice server} runs at once), if given
 * @param retention the top-level {@code retention:} (how long its runs are kept), if given
 */
public record PipelineSpec(String name, Optional<Path> source, Path baseDir, Map<String, ParamSpec> params,
                           Map<String, StepSpec> steps, Map<String, SourceLocation> locations, List<Problem> problems,
                           Optional<Concurrency> concurrency, Optional<Retention> retention) {
    public PipelineSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(baseDir, "baseDir");
        source = source == null ? Optional.empty() : source;
        concurrency = concurrency == null ? Optional.empty() : concurrency;
        retention = retention == null ? Optional.empty() : retention;
        params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
        steps = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(steps));
        locations = locations instanceof Locations l ? l : Map.copyOf(locations);
        problems = List.copyOf(problems);
    }

    /** A spec without a {@code concurrency:} setting. */
    public PipelineSpec(String name, Optional<Path> source, Path baseDir, Map<String, ParamSpec> params,
                        Map<String, StepSpec> steps, Map<String, SourceLocation> locations, List<Problem> problems) {
        this(name, source, baseDir, params, steps, locations, problems, Optional.empty(), Optional.empty());
    }

    /** A spec without a {@code retention:} setting. */
    public PipelineSpec(String name, Optional<Path> source, Path baseDir, Map<String, ParamSpec> params,
                        Map<String, StepSpec> steps, Map<String, SourceLocation> locations, List<Problem> problems,
                        Optional<Concurrency> concurrency) {
        this(name, source, baseDir, params, steps, locations, problems, concurrency, Optional.empty());
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
