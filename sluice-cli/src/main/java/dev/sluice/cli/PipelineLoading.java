package dev.sluice.cli;

import dev.sluice.api.DefinitionException;
import dev.sluice.api.Problem;
import dev.sluice.pipeline.ComponentRegistry;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.server.catalog.Definitions;
import dev.sluice.yaml.YamlPipelineLoader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Loads and validates a pipeline file, gathering the loader's and the validator's problems into one
 * {@link DefinitionException}. Thread-safe.
 */
final class PipelineLoading {
    private final YamlPipelineLoader loader = new YamlPipelineLoader();
    private final Definitions definitions = new Definitions(ComponentRegistry.defaults());

    /**
     * As {@link #load}, for a pipeline about to be planned or run: one that takes inputs, and so runs only as a step of
     * another pipeline, fails too ({@link Pipeline#requireRunnable}).
     */
    Pipeline loadRunnable(Path file, String shownName, Map<String, String> overrides) {
        Pipeline pipeline = load(file, shownName, overrides);
        pipeline.requireRunnable();
        return pipeline;
    }

    /**
     * @param overrides {@code -p name=value} pairs
     * @throws DefinitionException every problem, in file order
     */
    Pipeline load(Path file, String shownName, Map<String, String> overrides) {
        if (!Files.isRegularFile(file)) {
            String what = Files.isDirectory(file) ? "is a folder, not a pipeline file." : "no such file.";
            throw new DefinitionException(List.of(new Problem(Optional.empty(), "", shownName + ": " + what,
                    "Give the path of a pipeline YAML file, e.g. examples/hello/pipeline.yaml.")));
        }
        return definitions.validate(loader.load(file, shownName), overrides);
    }
}
