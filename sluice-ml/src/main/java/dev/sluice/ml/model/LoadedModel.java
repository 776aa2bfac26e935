package dev.sluice.ml.model;

import dev.sluice.ml.model.prep.Transformed;
import dev.sluice.ml.table.Frame;

/**
 * A model read back from its folder: its {@link ModelInfo} and a {@link Predictor}. {@link #predict(Frame)}
 * applies the stored preprocessing, then the predictor. Thread-safe; close it to free native memory
 * (XGBoost).
 */
public record LoadedModel(ModelInfo info, Predictor predictor) implements AutoCloseable {
    /** Predicts every row of {@code frame}, which must hold the model's input columns (others are ignored). */
    public Predictions predict(Frame frame) {
        Transformed t = info.preprocess().transform(frame);
        double[][] out = predictor.predictBatch(t.columns(), t.rows());
        return new Predictions(info.task(), info.labels(), out, t.unseen());
    }

    @Override
    public void close() {
        predictor.close();
    }
}
