package dev.sluice.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where to draw each node of a DAG, left to right, as the HTML run report draws it: a node's column is the length
 * of the longest path reaching it (so every edge points right), rows within a column are ordered to reduce crossings.
 * For clients that draw a pipeline themselves (the server's API). Stateless; thread-safe.
 *
 * <pre>{@code
 * Map<String, DagPositions.Position> at = DagPositions.of(List.of("load", "train"),
 *         List.of(new RunView.Edge("load", "train")));   // load at column 0, train at column 1
 * }</pre>
 */
public final class DagPositions {
    /**
     * A node's place: {@code column} from 0 (sources) rightwards, {@code row} from 0 downwards, centred on the
     * tallest column (so it may be fractional).
     */
    public record Position(int column, double row) {}

    private DagPositions() {}

    /** A position for every node; edges naming unknown nodes are ignored. */
    public static Map<String, Position> of(List<String> nodes, List<RunView.Edge> edges) {
        Map<String, Position> out = new LinkedHashMap<>();
        DagLayout.layout(nodes, edges).places().forEach((n, p) -> out.put(n, new Position(p.layer(), p.row())));
        return out;
    }
}
