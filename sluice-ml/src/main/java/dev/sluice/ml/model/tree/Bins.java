package dev.sluice.ml.model.tree;

import java.util.Arrays;

/**
 * Features quantized into at most 256 bins each, for histogram-based split search. {@code edges[f][b]} is
 * the largest value that falls in bin {@code b} (the last edge is +∞), so a split "bin ≤ b" is the
 * threshold rule "x ≤ edges[f][b]" on raw values. With few distinct values the edges are midpoints between
 * them; otherwise they are quantiles. Immutable after construction; thread-safe for reading.
 */
final class Bins {
    static final int MAX_BINS = 256;

    final byte[][] codes;
    final double[][] edges;
    final int rows;

    private Bins(byte[][] codes, double[][] edges, int rows) {
        this.codes = codes;
        this.edges = edges;
        this.rows = rows;
    }

    /** Bins column-major features {@code x[f][row]}; values must be finite. */
    static Bins of(double[][] x, int rows) {
        byte[][] codes = new byte[x.length][];
        double[][] edges = new double[x.length][];
        for (int f = 0; f < x.length; f++) {
            edges[f] = edges(x[f]);
            codes[f] = codes(x[f], edges[f]);
        }
        return new Bins(codes, edges, rows);
    }

    int bin(int f, int row) {
        return codes[f][row] & 0xff;
    }

    int binCount(int f) {
        return edges[f].length;
    }

    private static double[] edges(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double[] unique = unique(sorted);
        double[] e;
        if (unique.length <= MAX_BINS) {
            e = new double[unique.length];
            for (int i = 0; i + 1 < unique.length; i++) e[i] = (unique[i] + unique[i + 1]) / 2;
        } else {
            double[] q = new double[MAX_BINS];
            for (int i = 1; i < MAX_BINS; i++) q[i - 1] = sorted[(int) ((long) i * sorted.length / MAX_BINS)];
            e = unique(Arrays.copyOf(q, MAX_BINS - 1));
            e = Arrays.copyOf(e, e.length + 1);
        }
        if (e.length == 0) e = new double[1];
        e[e.length - 1] = Double.POSITIVE_INFINITY;
        return e;
    }

    private static double[] unique(double[] sorted) {
        int n = 0;
        double[] out = new double[sorted.length];
        for (double v : sorted) if (n == 0 || v != out[n - 1]) out[n++] = v;
        return Arrays.copyOf(out, n);
    }

    private static byte[] codes(double[] values, double[] edges) {
        byte[] out = new byte[values.length];
        for (int r = 0; r < values.length; r++) {
            int b = Arrays.binarySearch(edges, values[r]);
            if (b < 0) b = -b - 1;
            out[r] = (byte) Math.min(b, edges.length - 1);
        }
        return out;
    }
}
