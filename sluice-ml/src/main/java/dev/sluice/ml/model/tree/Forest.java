package dev.sluice.ml.model.tree;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.List;

/**
 * A fitted random forest, compiled into flat arrays for allocation-free prediction: the output is the
 * average of the trees' leaf values (class frequencies, or the mean target for regression).
 *
 * <p>JSON form ({@code forest.json} in a model folder), documented here because it is ours:
 * <pre>{@code
 * {"format": "sluice-forest", "version": 1, "outputs": 2, "features": 30,
 *  "trees": [{"nodes": [
 *     {"id": 0, "feature": 27, "threshold": 0.142, "left": 1, "right": 2},
 *     {"id": 1, "value": [0.98, 0.02]},
 *     {"id": 2, "value": [0.05, 0.95]}]}]}
 * }</pre>
 * A node with {@code feature} is a split: rows with {@code x[feature] <= threshold} go to {@code left}, the
 * others to {@code right} (node ids index the tree's {@code nodes}, root first). A node with {@code value}
 * is a leaf; {@code value} has {@code outputs} entries. Immutable and thread-safe.
 */
public final class Forest {
    /** One tree as parallel arrays; {@code feature[i] < 0} marks a leaf. */
    public record Tree(int[] feature, double[] threshold, int[] left, int[] right, double[][] values) {}

    /** The JSON document. */
    public record Json(String format, int version, int outputs, int features, List<TreeJson> trees) {}

    /** One tree in JSON. */
    public record TreeJson(List<NodeJson> nodes) {}

    /** One node in JSON: a split (feature, threshold, left, right) or a leaf (value). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NodeJson(int id, Integer feature, Double threshold, Integer left, Integer right, double[] value) {}

    private final int outputs;
    private final int features;
    private final int[] roots;
    private final int[] feature;
    private final double[] threshold;
    private final int[] left;
    private final int[] right;
    private final double[] leafValues;

    public Forest(List<Tree> trees, int outputs, int features) {
        this.outputs = outputs;
        this.features = features;
        int total = trees.stream().mapToInt(t -> t.feature().length).sum();
        roots = new int[trees.size()];
        feature = new int[total];
        threshold = new double[total];
        left = new int[total];
        right = new int[total];
        leafValues = new double[total * outputs];
        int base = 0;
        for (int t = 0; t < trees.size(); t++) {
            roots[t] = base;
            copy(trees.get(t), base);
            base += trees.get(t).feature().length;
        }
    }

    private void copy(Tree tree, int base) {
        for (int i = 0; i < tree.feature().length; i++) {
            feature[base + i] = tree.feature()[i];
            threshold[base + i] = tree.threshold()[i];
            left[base + i] = base + tree.left()[i];
            right[base + i] = base + tree.right()[i];
            if (tree.feature()[i] < 0) System.arraycopy(tree.values()[i], 0, leafValues, (base + i) * outputs, outputs);
        }
    }

    public int outputs() { return outputs; }

    public int features() { return features; }

    public int trees() { return roots.length; }

    /** Averages the trees' leaves for feature vector {@code x} into {@code out}; allocation-free. */
    public void predict(double[] x, double[] out) {
        for (int j = 0; j < outputs; j++) out[j] = 0;
        for (int root : roots) {
            int n = root;
            while (feature[n] >= 0) n = x[feature[n]] <= threshold[n] ? left[n] : right[n];
            int v = n * outputs;
            for (int j = 0; j < outputs; j++) out[j] += leafValues[v + j];
        }
        for (int j = 0; j < outputs; j++) out[j] /= roots.length;
    }

    /** The JSON document of this forest. */
    public Json toJson() {
        List<TreeJson> trees = new ArrayList<>();
        for (int t = 0; t < roots.length; t++) {
            int end = t + 1 < roots.length ? roots[t + 1] : feature.length;
            List<NodeJson> nodes = new ArrayList<>();
            for (int i = roots[t]; i < end; i++) nodes.add(node(i, roots[t]));
            trees.add(new TreeJson(nodes));
        }
        return new Json("sluice-forest", 1, outputs, features, trees);
    }

    private NodeJson node(int i, int base) {
        if (feature[i] >= 0) return new NodeJson(i - base, feature[i], threshold[i], left[i] - base, right[i] - base, null);
        double[] v = new double[outputs];
        System.arraycopy(leafValues, i * outputs, v, 0, outputs);
        return new NodeJson(i - base, null, null, null, null, v);
    }

    /** Reads a forest from its JSON document, checking that node references stay inside each tree. */
    public static Forest fromJson(Json json) {
        if (!"sluice-forest".equals(json.format()) || json.version() != 1) {
            throw new IllegalArgumentException("not a sluice-forest version 1 document: format " + json.format()
                    + ", version " + json.version());
        }
        List<Tree> trees = new ArrayList<>();
        for (TreeJson t : json.trees()) trees.add(tree(t, json.outputs(), json.features()));
        return new Forest(trees, json.outputs(), json.features());
    }

    private static Tree tree(TreeJson t, int outputs, int features) {
        int n = t.nodes().size();
        Tree tree = new Tree(new int[n], new double[n], new int[n], new int[n], new double[n][]);
        for (NodeJson node : t.nodes()) {
            int i = node.id();
            if (i < 0 || i >= n) throw new IllegalArgumentException("forest node id " + i + " is outside 0.." + (n - 1));
            if (node.feature() == null) {
                if (node.value() == null || node.value().length != outputs) {
                    throw new IllegalArgumentException("forest leaf " + i + " must have " + outputs + " values");
                }
                tree.feature()[i] = -1;
                tree.values()[i] = node.value();
            } else {
                check(node, n, features);
                tree.feature()[i] = node.feature();
                tree.threshold()[i] = node.threshold();
                tree.left()[i] = node.left();
                tree.right()[i] = node.right();
            }
        }
        return tree;
    }

    private static void check(NodeJson node, int n, int features) {
        if (node.feature() >= features || node.left() == null || node.right() == null || node.threshold() == null
                || node.left() <= node.id() || node.right() <= node.id() || node.left() >= n || node.right() >= n) {
            throw new IllegalArgumentException("forest split node " + node.id() + " is malformed: " + node);
        }
    }
}
