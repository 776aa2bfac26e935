package dev.sluice.ml.model.prep;

import java.util.List;
import java.util.Map;

/**
 * The output of {@link FittedTransform#transform}: dense features, column-major ({@code columns[f][row]}),
 * and how many values per input column were categories not seen in training. The arrays are owned by
 * the caller; not thread-safe to mutate.
 *
 * @param unseen input column → count of unseen categories (only columns with a count above zero)
 */
public record Transformed(List<String> featureNames, double[][] columns, int rows, Map<String, Long> unseen) {
    public Transformed {
        featureNames = List.copyOf(featureNames);
        unseen = Map.copyOf(unseen);
    }

    public int width() {
        return columns.length;
    }

    /** Row-major single-precision copy ({@code [row * width + f]}), NaN for missing: XGBoost's dense input. */
    public float[] rowMajorFloats() {
        int w = width();
        float[] out = new float[rows * w];
        for (int f = 0; f < w; f++) {
            double[] col = columns[f];
            for (int r = 0; r < rows; r++) out[r * w + f] = (float) col[r];
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
