package dev.sluice.ml.model.tree;

import java.util.SplittableRandom;

/**
 * Grows one CART tree on binned features: at each node, a random subset of {@code maxFeatures} features,
 * a histogram per feature, and the split that most reduces Gini impurity (classification) or squared
 * error (regression). Leaves hold class frequencies or the mean. Not thread-safe: one grower per tree.
 */
final class TreeGrower {
    private final Bins bins;
    private final int[] labels;
    private final double[] target;
    private final int classes;
    private final int maxDepth;
    private final int minLeaf;
    private final int maxFeatures;
    private final SplittableRandom rng;
    private final TreeBuilder out = new TreeBuilder();
    private final int[] featureOrder;

    /** @param labels class per row (classification) or null; @param target value per row (regression) or null */
    TreeGrower(Bins bins, int[] labels, double[] target, int classes, int maxDepth, int minLeaf, int maxFeatures,
               SplittableRandom rng) {
        this.bins = bins;
        this.labels = labels;
        this.target = target;
        this.classes = classes;
        this.maxDepth = maxDepth <= 0 ? Integer.MAX_VALUE : maxDepth;
        this.minLeaf = Math.max(1, minLeaf);
        this.maxFeatures = Math.max(1, Math.min(maxFeatures, bins.codes.length));
        this.rng = rng;
        this.featureOrder = new int[bins.codes.length];
        for (int f = 0; f < featureOrder.length; f++) featureOrder[f] = f;
    }

    /** Grows the tree on {@code rows} (a bootstrap sample: indices may repeat). */
    Forest.Tree grow(int[] rows) {
        grow(rows, 0, rows.length, 0);
        return out.build();
    }

    private int grow(int[] rows, int from, int to, int depth) {
        double[] leaf = leafValue(rows, from, to);
        if (depth >= maxDepth || to - from < 2 * minLeaf || isPure(leaf)) return out.addLeaf(leaf);
        Split best = null;
        shuffleFeatures();
        for (int i = 0; i < maxFeatures; i++) {
            Split s = bestSplit(featureOrder[i], rows, from, to);
            if (s != null && (best == null || s.score() > best.score())) best = s;
        }
        if (best == null) return out.addLeaf(leaf);
        int mid = partition(rows, from, to, best);
        int node = out.addSplit(best.feature(), bins.edges[best.feature()][best.bin()]);
        int l = grow(rows, from, mid, depth + 1);
        int r = grow(rows, mid, to, depth + 1);
        out.link(node, l, r);
        return node;
    }

    private record Split(int feature, int bin, double score) {}

    private void shuffleFeatures() {
        for (int i = 0; i < maxFeatures; i++) {
            int j = i + rng.nextInt(featureOrder.length - i);
            int t = featureOrder[i];
            featureOrder[i] = featureOrder[j];
            featureOrder[j] = t;
        }
    }

    private Split bestSplit(int f, int[] rows, int from, int to) {
        int nb = bins.binCount(f);
        if (nb < 2) return null;
        int w = classes == 0 ? 1 : classes;
        double[] hist = new double[nb * w];
        int[] count = new int[nb];
        byte[] codes = bins.codes[f];
        for (int i = from; i < to; i++) {
            int r = rows[i];
            int b = codes[r] & 0xff;
            count[b]++;
            if (classes == 0) hist[b] += target[r];
            else hist[b * w + labels[r]]++;
        }
        return scan(f, hist, count, w, to - from);
    }

    /** Best threshold of one feature: maximizes Σ L²/nL + Σ R²/nR, which must beat the parent's score. */
    private Split scan(int f, double[] hist, int[] count, int w, int n) {
        double[] total = new double[w];
        for (int b = 0; b < count.length; b++) for (int j = 0; j < w; j++) total[j] += hist[b * w + j];
        double parent = sumSq(total) / n;
        double[] leftSum = new double[w];
        int nLeft = 0;
        Split best = null;
        for (int b = 0; b + 1 < count.length; b++) {
            nLeft += count[b];
            for (int j = 0; j < w; j++) leftSum[j] += hist[b * w + j];
            int nRight = n - nLeft;
            if (count[b] == 0 || nLeft < minLeaf) continue;
            if (nRight < minLeaf) break;
            double score = sumSq(leftSum) / nLeft + rightSq(total, leftSum) / nRight;
            if (score > parent + 1e-12 * Math.abs(parent) && (best == null || score > best.score())) {
                best = new Split(f, b, score);
            }
        }
        return best;
    }

    private static double sumSq(double[] v) {
        double s = 0;
        for (double x : v) s += x * x;
        return s;
    }

    private static double rightSq(double[] total, double[] left) {
        double s = 0;
        for (int j = 0; j < total.length; j++) s += (total[j] - left[j]) * (total[j] - left[j]);
        return s;
    }

    private int partition(int[] rows, int from, int to, Split s) {
        byte[] codes = bins.codes[s.feature()];
        int i = from;
        int j = to - 1;
        while (i <= j) {
            if ((codes[rows[i]] & 0xff) <= s.bin()) i++;
            else {
                int t = rows[i];
                rows[i] = rows[j];
                rows[j--] = t;
            }
        }
        return i;
    }

    private double[] leafValue(int[] rows, int from, int to) {
        int n = to - from;
        if (classes == 0) {
            double s = 0;
            for (int i = from; i < to; i++) s += target[rows[i]];
            return new double[] {s / n};
        }
        double[] p = new double[classes];
        for (int i = from; i < to; i++) p[labels[rows[i]]]++;
        for (int j = 0; j < classes; j++) p[j] /= n;
        return p;
    }

    private boolean isPure(double[] leaf) {
        if (classes == 0) return false;
        for (double p : leaf) if (p == 1) return true;
        return false;
    }
}
