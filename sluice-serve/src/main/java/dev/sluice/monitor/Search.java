package dev.sluice.monitor;

import java.util.Arrays;

/**
 * Branch-free binary search over a sorted array padded with +infinity to a power of two: each step is a
 * conditional add the JIT turns into a conditional move, so random values cost no branch mispredictions.
 * Stateless and thread-safe.
 */
final class Search {
    private Search() {
    }

    /** {@code sorted} padded with +infinity to the next power of two (at least 2). */
    static double[] pad(double[] sorted) {
        int size = Math.max(2, Integer.highestOneBit(Math.max(1, sorted.length - 1)) << 1);
        double[] out = Arrays.copyOf(sorted, size);
        Arrays.fill(out, sorted.length, size, Double.POSITIVE_INFINITY);
        return out;
    }

    /** The index of the last element {@code <= v}; {@code v} must be {@code >= padded[0]}. */
    static int floor(double[] padded, double v) {
        int a = 0;
        for (int step = padded.length >> 1; step > 0; step >>= 1) {
            a += padded[a + step] <= v ? step : 0;
        }
        return a;
    }
}
