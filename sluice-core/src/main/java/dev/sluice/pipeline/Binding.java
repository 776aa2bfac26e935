package dev.sluice.pipeline;

import dev.sluice.api.PortSpec;

import java.util.List;

/**
 * What is wired to one input port: one producer, or for a {@code many} port (fan-in) a list of
 * producers in pipeline order.
 */
public record Binding(PortSpec port, List<OutputRef> sources) {
    public Binding {
        sources = List.copyOf(sources);
    }
}
