package dev.sluice.yaml;

import dev.sluice.engine.Engines;
import dev.sluice.pipeline.Suggestions;

import java.util.Optional;

/**
 * Reads an {@code engine:} value, of the pipeline or of one step: one of {@link Engines#NAMES}, reported at its
 * position with a suggestion otherwise. Stateless.
 */
final class EngineReader {
    static final String EXAMPLE = "engine: spark";

    private EngineReader() {}

    static Optional<String> read(LoadContext ctx, Fields fields, YamlNode v, String path) {
        ctx.mark(path, v);
        Optional<String> name = fields.text(v, path, EXAMPLE);
        if (name.isEmpty() || Engines.NAMES.contains(name.get())) return name;
        ctx.report(v, path, "unknown engine '" + name.get() + "'; engines are " + String.join(", ", Engines.NAMES),
                Suggestions.didYouMean(name.get(), Engines.NAMES).orElse("Example: " + EXAMPLE));
        return Optional.empty();
    }
}
