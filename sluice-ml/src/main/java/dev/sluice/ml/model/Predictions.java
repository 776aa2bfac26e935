package dev.sluice.ml.model;

import java.util.List;
import java.util.Map;

/**
 * The predictions of a model for a table: one output row per input row ({@code outputs[row]}: class
 * probabilities in {@code labels} order, or the predicted value), and the unseen categories met while
 * preprocessing (input column → count). Arrays are owned by the caller.
 */
public record Predictions(Task task, List<String> labels, double[][] outputs, Map<String, Long> unseen) {
    public Predictions {
        labels = List.copyOf(labels);
        unseen = Map.copyOf(unseen);
    }

    public int rows() {
        return outputs.length;
    }

    /** The predicted class index (largest probability, ties → the first); classification only. */
    public int classIndex(int row) {
        return dev.sluice.ml.model.eval.ClassificationMetrics.argmax(outputs[row]);
    }

    /** The predicted value (regression), or the positive-class probability (binary classification). */
    public double score(int row) {
        return task == Task.REGRESSION ? outputs[row][0] : outputs[row][outputs[row].length - 1];
    }
}
