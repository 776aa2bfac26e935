package dev.sluice.ml.model.tree;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * Trains a random forest: bootstrap samples, random feature subsets per node, histogram splits on
 * binned features, trees grown in parallel. Deterministic for a given seed whatever the thread count
 * (tree {@code t} uses its own random stream). Stateless and thread-safe.
 *
 * @param trees       number of trees
 * @param maxDepth    maximum depth; 0 = unlimited
 * @param minLeaf     minimum rows in a leaf
 * @param maxFeatures features tried per split
 */
public record ForestTrainer(int trees, int maxDepth, int minLeaf, int maxFeatures, long seed) {
    public ForestTrainer {
        if (trees < 1) throw new IllegalArgumentException("trees must be >= 1, got " + trees);
    }

    /** A classification forest; leaves hold class frequencies. {@code x} is column-major and finite. */
    public Forest classify(double[][] x, int[] labels, int classes, int threads, BooleanSupplier cancelled) {
        return train(x, labels, null, classes, labels.length, threads, cancelled);
    }

    /** A regression forest; leaves hold mean targets. */
    public Forest regress(double[][] x, double[] target, int threads, BooleanSupplier cancelled) {
        return train(x, null, target, 0, target.length, threads, cancelled);
    }

    private Forest train(double[][] x, int[] labels, double[] target, int classes, int rows, int threads,
                         BooleanSupplier cancelled) {
        Bins bins = Bins.of(x, rows);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<Forest.Tree>> futures = new ArrayList<>();
            for (int t = 0; t < trees; t++) {
                SplittableRandom rng = new SplittableRandom(seed * 1_000_003L + t);
                futures.add(pool.submit(() -> {
                    if (cancelled.getAsBoolean()) throw new IllegalStateException("training cancelled");
                    int[] sample = new int[rows];
                    for (int i = 0; i < rows; i++) sample[i] = rng.nextInt(rows);
                    return new TreeGrower(bins, labels, target, classes, maxDepth, minLeaf, maxFeatures, rng).grow(sample);
                }));
            }
            List<Forest.Tree> grown = new ArrayList<>();
            for (Future<Forest.Tree> f : futures) grown.add(join(f));
            return new Forest(grown, classes == 0 ? 1 : classes, x.length);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Forest.Tree join(Future<Forest.Tree> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("random forest training interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }
}
