package dev.sluice.ml.model.xgb;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.nio.file.Path;

/**
 * Predictions of a saved XGBoost model (its own JSON or UBJ format) through XGBoost's in-place
 * prediction on dense row-major floats. The output has one column for {@code binary:logistic} (the
 * positive-class probability) and regression, K columns for {@code multi:softprob}. Thread-safe
 * (XGBoost's in-place prediction is thread-safe); call {@link #close()} when done.
 */
public final class XgbScorer implements AutoCloseable {
    static {
        XgbNative.load();
    }

    private final Booster booster;

    public XgbScorer(Booster booster) {
        this.booster = booster;
    }

    /** Loads {@code file} (extension {@code .json} or {@code .ubj}). */
    public static XgbScorer load(Path file) throws XGBoostError {
        return new XgbScorer(XGBoost.loadModel(file.toString()));
    }

    /** Scores {@code rows} rows of {@code cols} features, row-major, NaN = missing. */
    public float[][] predict(float[] x, int rows, int cols) throws XGBoostError {
        return booster.inplace_predict(x, rows, cols, Float.NaN);
    }

    public long features() throws XGBoostError {
        return booster.getNumFeature();
    }

    @Override
    public void close() {
        booster.dispose();
    }
}
