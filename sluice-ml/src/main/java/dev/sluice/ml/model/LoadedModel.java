package dev.sluice.ml.model;

import dev.sluice.ml.model.prep.Transformed;
import dev.sluice.ml.table.Column;
import dev.sluice.ml.table.Frame;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A model read back from its folder: its {@link ModelInfo} and a {@link Predictor}. {@link #predict(Frame)}
 * applies the stored preprocessing, then the predictor, a block of rows at a time, so that the features in memory
 * at once stay within {@value #CHUNK_CELLS} values whatever the number of one-hot features. Thread-safe; close it to
 * free native memory (XGBoost).
 */
public record LoadedModel(ModelInfo info, Predictor predictor) implements AutoCloseable {
    /** Features (rows x width) transformed at once: 32 MB of doubles. */
    static final int CHUNK_CELLS = 1 << 22;

    /** Predicts every row of {@code frame}, which must hold the model's input columns (others are ignored). */
    public Predictions predict(Frame frame) {
        int width = Math.max(1, info.featureNames().size());
        int chunk = Math.max(256, CHUNK_CELLS / width);
        Optional<Frame> inputs = inputs(frame);
        if (frame.rows() <= chunk || inputs.isEmpty()) {   // small, or a column is missing: transform says which
            Transformed t = info.preprocess().transform(frame);
            return new Predictions(info.task(), info.labels(), predictor.predictBatch(t.columns(), t.rows()), t.unseen());
        }
        double[][] out = new double[frame.rows()][];
        Map<String, Long> unseen = new LinkedHashMap<>();
        for (int start = 0; start < frame.rows(); start += chunk) {
            int[] rows = new int[Math.min(chunk, frame.rows() - start)];
            for (int i = 0; i < rows.length; i++) rows[i] = start + i;
            Transformed t = info.preprocess().transform(inputs.get().take(rows));
            System.arraycopy(predictor.predictBatch(t.columns(), t.rows()), 0, out, start, rows.length);
            t.unseen().forEach((column, n) -> unseen.merge(column, n, Long::sum));
        }
        return new Predictions(info.task(), info.labels(), out, unseen);
    }

    /** Only the columns the preprocessing reads, or empty when one is missing. */
    private Optional<Frame> inputs(Frame frame) {
        List<Column> columns = new ArrayList<>();
        for (String name : info.preprocess().inputColumns()) {
            Optional<Column> c = frame.find(name);
            if (c.isEmpty()) return Optional.empty();
            columns.add(c.get());
        }
        return Optional.of(new Frame(columns));
    }

    @Override
    public void close() {
        predictor.close();
    }
}
