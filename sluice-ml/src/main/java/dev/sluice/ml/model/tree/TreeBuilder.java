package dev.sluice.ml.model.tree;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Grows the node list of one tree (internal nodes and leaves, root first). Not thread-safe. */
final class TreeBuilder {
    private int[] feature = new int[64];
    private double[] threshold = new double[64];
    private int[] left = new int[64];
    private int[] right = new int[64];
    private final List<double[]> values = new ArrayList<>();
    private int size;

    int addLeaf(double[] value) {
        int id = add(-1, 0);
        values.set(id, value);
        return id;
    }

    int addSplit(int f, double thr) {
        return add(f, thr);
    }

    void link(int node, int l, int r) {
        left[node] = l;
        right[node] = r;
    }

    private int add(int f, double thr) {
        if (size == feature.length) {
            int n = size * 2;
            feature = Arrays.copyOf(feature, n);
            threshold = Arrays.copyOf(threshold, n);
            left = Arrays.copyOf(left, n);
            right = Arrays.copyOf(right, n);
        }
        feature[size] = f;
        threshold[size] = thr;
        left[size] = -1;
        right[size] = -1;
        values.add(null);
        return size++;
    }

    Forest.Tree build() {
        return new Forest.Tree(Arrays.copyOf(feature, size), Arrays.copyOf(threshold, size),
                Arrays.copyOf(left, size), Arrays.copyOf(right, size), values.toArray(double[][]::new));
    }
}
