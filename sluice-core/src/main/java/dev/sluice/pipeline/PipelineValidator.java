package dev.sluice.pipeline;

import java.util.Map;

/**
 * Turns a {@link PipelineSpec} into a {@link Pipeline}, or reports every problem at once in a
 * {@link dev.sluice.api.DefinitionException}. Thread-safe.
 */
public final class PipelineValidator {
    private final ComponentRegistry registry;

    public PipelineValidator(ComponentRegistry registry) {
        this.registry = registry;
    }

    /**
     * @param overrides pipeline parameter values from the command line ({@code -p name=value}), as text
     * @throws dev.sluice.api.DefinitionException listing every problem, in file order
     */
    public Pipeline validate(PipelineSpec spec, Map<String, String> overrides) {
        throw new UnsupportedOperationException("TODO " + registry);
    }
}
