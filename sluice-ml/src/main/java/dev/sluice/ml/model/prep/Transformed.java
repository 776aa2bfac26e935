package dev.sluice.ml.model.prep;

import java.util.List;
import java.util.Map;

/**
 * The output of {@link FittedTransform#transform}: dense features, column-major ({@code columns[f][row]}),
 * and how many values per input column were categories not seen in training. The arrays may be shared with the
 * input table and with other transforms of it (a numeric column that the transform leaves as it is, one-hot
 * columns made before): read them, never write into them.
 *
 * @param unseen input column → count of unseen categories (only columns with a count above zero)
 */
public record Transformed(List<String> featureNames, double[][] columns, int rows, Map<String, Long> unseen) {
    /** Rows per tile of {@link #rowMajorFloats(int[])}. */
    private static final int TILE = 256;

    public Transformed {
        featureNames = List.copyOf(featureNames);
        unseen = Map.copyOf(unseen);
    }

    public int width() {
        return columns.length;
    }

    /** Row-major single-precision copy ({@code [row * width + f]}), NaN for missing: XGBoost's dense input. */
    public float[] rowMajorFloats() {
        return rowMajorFloats(null);
    }

    /**
     * {@link #rowMajorFloats()} of the rows {@code rows} only, in that order (null: all rows): a hold-out's two
     * parts go straight to XGBoost's input without a copy of the columns in between. Rows go in tiles of
     * {@value #TILE}, so that the writes of one feature after another land in the same few kilobytes.
     */
    public float[] rowMajorFloats(int[] rows) {
        int w = width();
        int n = rows == null ? this.rows : rows.length;
        float[] out = new float[n * w];
        for (int start = 0; start < n; start += TILE) {
            int end = Math.min(n, start + TILE);
            for (int f = 0; f < w; f++) {
                double[] col = columns[f];
                if (rows == null) {
                    for (int i = start; i < end; i++) out[i * w + f] = (float) col[i];
                } else {
                    for (int i = start; i < end; i++) out[i * w + f] = (float) col[rows[i]];
                }
            }
        }
        return out;
    }

    /**
     * The rows {@code rows} of these features, in that order: the same values as transforming those rows
     * of the input again, without doing it. Unseen counts are dropped (the caller knows its rows).
     */
    public Transformed take(int[] rows) {
        double[][] out = new double[columns.length][];
        for (int f = 0; f < columns.length; f++) {
            double[] col = columns[f];
            double[] picked = new double[rows.length];
            for (int i = 0; i < rows.length; i++) picked[i] = col[rows[i]];
            out[f] = picked;
        }
        return new Transformed(featureNames, out, rows.length, Map.of());
    }

    /** The feature vector of one row, written into {@code out} (length {@link #width()}). */
    public void row(int row, double[] out) {
        for (int f = 0; f < columns.length; f++) out[f] = columns[f][row];
    }

    /** Total unseen categories over all columns. */
    public long unseenTotal() {
        return unseen.values().stream().mapToLong(Long::longValue).sum();
    }
}
