package dev.sluice.server.queue;

import dev.sluice.pipeline.Concurrency;
import dev.sluice.server.catalog.PipelineVersion;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A run to queue: which version of which pipeline, its parameter values (already validated against the version),
 * whether to use the cache, which run it resumes, its priority among its pipeline's queued runs, and who asked.
 * Immutable.
 *
 * @param params      parameter values as text, as {@code -p name=value} takes them
 * @param concurrency the version's {@code concurrency:} setting, if any
 */
public record Submission(PipelineVersion version, Map<String, String> params, boolean noCache, Optional<String> resumeOf,
                         int priority, Optional<Concurrency> concurrency, String submittedBy) {
    public Submission {
        Objects.requireNonNull(version, "version");
        params = Map.copyOf(params);
        Objects.requireNonNull(resumeOf, "resumeOf");
        Objects.requireNonNull(concurrency, "concurrency");
        Objects.requireNonNull(submittedBy, "submittedBy");
    }
}
