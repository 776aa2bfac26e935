package dev.sluice.meta;

import java.util.List;
import java.util.Objects;

/**
 * The step runs connected to one artifact, transitively: upstream, those that produced it and its
 * inputs; downstream, those that consumed it and what they produced. Each step run appears once, with
 * its params, metrics and outputs, the artifacts it consumed, and its distance from the artifact
 * ({@code depth} 1 = produced or consumed it directly).
 */
public record Lineage(String artifactId, List<Node> nodes) {
    public Lineage {
        Objects.requireNonNull(artifactId, "artifactId");
        nodes = List.copyOf(nodes);
    }

    /** One step run in a lineage, with the artifacts it consumed. */
    public record Node(StepRunRow stepRun, List<OutputRow> inputs, int depth) {
        public Node {
            Objects.requireNonNull(stepRun, "stepRun");
            inputs = List.copyOf(inputs);
        }
    }
}
