package dev.sluice.yaml;

import dev.sluice.pipeline.PipelineSpec;

import java.nio.file.Path;

/**
 * Reads a pipeline file into a {@link PipelineSpec}. Never stops at the first problem: YAML syntax
 * errors, unknown keys (with suggestions), values of the wrong shape and duplicate keys all land
 * in {@link PipelineSpec#problems()} with their {@code FILE:LINE:COL}. Thread-safe.
 */
public final class YamlPipelineLoader {

    /**
     * @throws dev.sluice.api.DefinitionException only when the file cannot be read at all
     */
    public PipelineSpec load(Path file) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Parses YAML text; {@code displayName} is used in locations, {@code baseDir} for relative paths. */
    public PipelineSpec parse(String yaml, String displayName, Path baseDir) {
        throw new UnsupportedOperationException("TODO");
    }
}
