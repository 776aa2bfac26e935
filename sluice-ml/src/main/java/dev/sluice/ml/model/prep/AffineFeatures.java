package dev.sluice.ml.model.prep;

import java.util.List;

/**
 * Features as {@code (columns[f][row] - center[f]) / scale[f]}, without the copy: a standardized numeric
 * column without nulls is its input column itself (shared, not copied) with its step's center and scale;
 * the one-hot features of a text column are not made at all but given as one level index per row ({@link Codes},
 * {@code columns[f]} null for them); every other feature is materialized as {@link FittedTransform#transform} gives
 * it, with center 0 and scale 1. For a learner that can fold the scaling into its coefficients and read one-hot
 * columns as indices (logistic regression), this saves a copy of the table, a pass over it, and rows × levels values
 * per text column. The arrays are shared with the input frame: never mutate them.
 *
 * @param oneHot the one-hot blocks, in feature order
 */
public record AffineFeatures(List<String> featureNames, double[][] columns, double[] center, double[] scale, int rows,
                             List<Codes> oneHot) {
    /**
     * The one-hot features {@code first .. first + width - 1} of one text column: row {@code r} is 1 in feature
     * {@code first + levels[r]} and 0 in the others ({@code levels[r] = -1}: an unseen category, 0 in all).
     */
    public record Codes(int first, int width, int[] levels) {}

    public AffineFeatures {
        featureNames = List.copyOf(featureNames);
        oneHot = List.copyOf(oneHot);
    }

    public int width() {
        return columns.length;
    }

    /** The value of feature {@code f} at {@code row}, as the transform gives it. */
    public double value(int f, int row) {
        if (columns[f] != null) return (columns[f][row] - center[f]) / scale[f];
        for (Codes c : oneHot) {
            if (f >= c.first() && f < c.first() + c.width()) return c.levels()[row] == f - c.first() ? 1 : 0;
        }
        throw new IllegalStateException("feature " + f + " has no column and no one-hot block");
    }
}
