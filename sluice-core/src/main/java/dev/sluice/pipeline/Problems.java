package dev.sluice.pipeline;

import dev.sluice.api.Problem;

import java.util.LinkedHashSet;
import java.util.List;

/**
 * The problems one validation found, located through the spec, without duplicates (matrix instances share mistakes).
 * Not thread-safe: one per validation.
 */
final class Problems {
    private final PipelineSpec spec;
    private final LinkedHashSet<Problem> problems = new LinkedHashSet<>();

    Problems(PipelineSpec spec) {
        this.spec = spec;
    }

    void add(String path, String message, String hint) {
        problems.add(spec.problem(path, message, hint));
    }

    void add(Problem p) {
        problems.add(p);
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    List<Problem> list() {
        return List.copyOf(problems);
    }
}
