package dev.sluice.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A layered left-to-right layout of a DAG: each node's layer is the length of the longest path reaching it
 * (so every edge points right), then nodes within a layer are ordered to reduce crossings by barycenter
 * sweeps (each node moves towards the mean position of its neighbours in the layer before, then after).
 * Layers are columns; positions within a layer are rows, centred on the tallest column.
 * Stateless; thread-safe.
 */
final class DagLayout {
    private static final int SWEEPS = 4;

    /** Where a node goes: its column (layer) and row (order within the layer, centred). */
    record Place(int layer, double row) {}

    /** The layout: a place per node, the number of layers and the rows of the tallest layer. */
    record Result(Map<String, Place> places, int layers, int rows) {}

    private DagLayout() {}

    static Result layout(List<String> nodes, List<RunView.Edge> edges) {
        Map<String, List<String>> preds = adjacency(nodes, edges, true);
        Map<String, List<String>> succs = adjacency(nodes, edges, false);
        Map<String, Integer> layer = layers(nodes, preds);
        int layers = layer.values().stream().mapToInt(i -> i + 1).max().orElse(0);
        List<List<String>> columns = new ArrayList<>();
        for (int i = 0; i < layers; i++) columns.add(new ArrayList<>());
        for (String n : nodes) columns.get(layer.get(n)).add(n);
        for (int sweep = 0; sweep < SWEEPS; sweep++) {
            for (int i = 1; i < layers; i++) reorder(columns.get(i), preds, columns);
            for (int i = layers - 2; i >= 0; i--) reorder(columns.get(i), succs, columns);
        }
        int rows = columns.stream().mapToInt(List::size).max().orElse(0);
        Map<String, Place> places = new LinkedHashMap<>();
        for (int i = 0; i < layers; i++) {
            List<String> column = columns.get(i);
            double offset = (rows - column.size()) / 2.0;
            for (int r = 0; r < column.size(); r++) places.put(column.get(r), new Place(i, offset + r));
        }
        return new Result(places, layers, rows);
    }

    private static Map<String, List<String>> adjacency(List<String> nodes, List<RunView.Edge> edges, boolean incoming) {
        Map<String, List<String>> map = new HashMap<>();
        for (String n : nodes) map.put(n, new ArrayList<>());
        for (RunView.Edge e : edges) {
            if (!map.containsKey(e.from()) || !map.containsKey(e.to())) continue;
            if (incoming) map.get(e.to()).add(e.from());
            else map.get(e.from()).add(e.to());
        }
        return map;
    }

    /** Longest-path layering in node order; a node on a cycle (never in a run, but tolerated) goes after its known predecessors. */
    static Map<String, Integer> layers(List<String> nodes, Map<String, List<String>> preds) {
        Map<String, Integer> layer = new HashMap<>();
        for (String n : nodes) depth(n, preds, layer, new java.util.HashSet<>());
        return layer;
    }

    private static int depth(String node, Map<String, List<String>> preds, Map<String, Integer> layer,
                             java.util.Set<String> visiting) {
        Integer known = layer.get(node);
        if (known != null) return known;
        if (!visiting.add(node)) return -1;
        int d = 0;
        for (String p : preds.get(node)) d = Math.max(d, depth(p, preds, layer, visiting) + 1);
        visiting.remove(node);
        layer.put(node, d);
        return d;
    }

    /** Sorts a column by the mean position of each node's neighbours (nodes without any keep their position). */
    private static void reorder(List<String> column, Map<String, List<String>> neighbours, List<List<String>> columns) {
        Map<String, Integer> position = new HashMap<>();
        for (List<String> c : columns) {
            double offset = -c.size() / 2.0;
            for (int i = 0; i < c.size(); i++) position.put(c.get(i), (int) Math.round((offset + i) * 2));
        }
        Map<String, Double> key = new HashMap<>();
        for (int i = 0; i < column.size(); i++) {
            String n = column.get(i);
            List<String> near = neighbours.get(n);
            key.put(n, near.isEmpty() ? position.get(n) : near.stream().mapToDouble(position::get).average().orElse(0));
        }
        column.sort(Comparator.comparingDouble(key::get)); // stable: ties keep their order
    }
}
