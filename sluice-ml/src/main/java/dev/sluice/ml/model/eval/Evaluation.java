package dev.sluice.ml.model.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Metrics of one model on one test set. Classification: {@code accuracy, precision, recall, f1, auc,
 * logloss} and a confusion matrix ({@code confusion[actual][predicted]}, in {@code labels} order); binary
 * precision/recall/F1 are for the positive class (the second label), multiclass ones are macro averages and
 * AUC is the macro one-vs-rest average. Regression: {@code rmse, mae, r2}. Immutable; thread-safe.
 */
public record Evaluation(Map<String, Double> metrics, List<String> labels, int[][] confusion) {
    public Evaluation {
        metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        labels = List.copyOf(labels);
    }

    /** Whether a larger value of {@code metric} is better. */
    public static boolean higherIsBetter(String metric) {
        return switch (metric) {
            case "auc", "accuracy", "f1", "precision", "recall", "r2" -> true;
            case "logloss", "rmse", "mae" -> false;
            default -> throw new IllegalArgumentException("unknown metric '" + metric
                    + "'; use one of auc, accuracy, f1, precision, recall, logloss, rmse, mae, r2");
        };
    }
}
