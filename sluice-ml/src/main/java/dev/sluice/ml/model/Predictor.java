package dev.sluice.ml.model;

/**
 * Scores preprocessed feature vectors (see {@link ModelInfo#featureNames()}; use {@link LoadedModel} to
 * start from a table). Outputs are class probabilities in label order for classification (binary too:
 * {@code [P(first), P(second)]}), or one predicted value for regression.
 *
 * <p>{@link #predict(double[], double[])} is the per-row hot path: the built-in linear, logistic and forest
 * predictors allocate nothing and read only primitive arrays; XGBoost goes through its native in-place
 * prediction (the serving module may compile its trees to flat arrays instead). All built-in predictors are
 * thread-safe; {@link #close()} releases native memory.
 *
 * <pre>{@code
 * double[] x = new double[p.features()], out = new double[p.outputs()];
 * p.predict(x, out);
 * }</pre>
 */
public interface Predictor extends AutoCloseable {
    /** Length of the feature vector. */
    int features();

    /** Length of the output: number of classes, or 1 for regression. */
    int outputs();

    /** Scores one feature vector into {@code out} (length {@link #outputs()}). */
    void predict(double[] features, double[] out);

    /** Scores {@code rows} rows given column-major ({@code columns[f][row]}); returns {@code [row][output]}. */
    default double[][] predictBatch(double[][] columns, int rows) {
        double[][] out = new double[rows][outputs()];
        double[] x = new double[features()];
        for (int r = 0; r < rows; r++) {
            for (int f = 0; f < x.length; f++) x[f] = columns[f][r];
            predict(x, out[r]);
        }
        return out;
    }

    @Override
    default void close() {}
}
