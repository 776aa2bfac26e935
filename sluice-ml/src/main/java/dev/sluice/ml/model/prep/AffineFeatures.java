package dev.sluice.ml.model.prep;

import java.util.List;

/**
 * Features as {@code (columns[f][row] - center[f]) / scale[f]}, without the copy: a standardized numeric
 * column without nulls is its input column itself (shared, not copied) with its step's center and scale;
 * every other feature is materialized as {@link FittedTransform#transform} gives it, with center 0 and scale 1.
 * For a learner that can fold the scaling into its coefficients (logistic regression), this saves a copy of
 * the table and a pass over it. The arrays are shared with the input frame: never mutate them.
 */
public record AffineFeatures(List<String> featureNames, double[][] columns, double[] center, double[] scale, int rows) {
    public AffineFeatures {
        featureNames = List.copyOf(featureNames);
    }

    public int width() {
        return columns.length;
    }

    /** The value of feature {@code f} at {@code row}, as the transform gives it. */
    public double value(int f, int row) {
        return (columns[f][row] - center[f]) / scale[f];
    }
}
