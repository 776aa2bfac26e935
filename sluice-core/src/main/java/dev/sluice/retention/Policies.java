package dev.sluice.retention;

import dev.sluice.meta.RunRetention;
import dev.sluice.pipeline.Retention;
import dev.sluice.yaml.YamlPipelineLoader;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The retention policy of each pipeline: the {@code retention:} of the version its newest run ran (read back from the
 * definition the run recorded), else the workspace default. A pipeline built in Java records no YAML, so the default
 * applies to it. Definitions are parsed once per version. Thread-safe.
 */
final class Policies {
    private final RunRetention metadata;
    private final Optional<Retention> fallback;
    private final Path baseDir;
    private final Map<String, Optional<Retention>> declared = new ConcurrentHashMap<>();

    Policies(RunRetention metadata, Optional<Retention> fallback, Path baseDir) {
        this.metadata = metadata;
        this.fallback = fallback;
        this.baseDir = baseDir;
    }

    /** The policy for a pipeline whose newest run ran version {@code pipelineId}. */
    SweepPlan.Policy of(String pipeline, String pipelineId) {
        Optional<Retention> own = declared.computeIfAbsent(pipelineId, this::read);
        if (own.isPresent()) return new SweepPlan.Policy(pipeline, own, SweepPlan.Source.PIPELINE);
        if (fallback.isPresent()) return new SweepPlan.Policy(pipeline, fallback, SweepPlan.Source.DEFAULT);
        return new SweepPlan.Policy(pipeline, Optional.empty(), SweepPlan.Source.NONE);
    }

    private Optional<Retention> read(String pipelineId) {
        return metadata.definition(pipelineId)
                .flatMap(text -> new YamlPipelineLoader().parse(text, "pipeline", baseDir).retention());
    }
}
