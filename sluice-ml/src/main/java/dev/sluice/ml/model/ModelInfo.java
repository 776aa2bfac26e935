package dev.sluice.ml.model;

import dev.sluice.ml.model.prep.FittedTransform;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The content of {@code model.json}, the self-describing head of every model folder:
 * <pre>{@code
 * {"format_version": 1, "model_type": "logistic", "name": "logistic", "task": "classification",
 *  "target": "diagnosis", "labels": ["benign", "malignant"],
 *  "input_schema": [{"name": "mean_radius", "type": "double"}, ...],
 *  "feature_names": ["mean_radius", ...],
 *  "preprocess": {"steps": [{"kind": "numeric", "name": "mean_radius", ...}]},
 *  "model": {"type": "logistic", "coefficients": [[...]], "intercepts": [...]},
 *  "training": {"rows": 455, "features": 30, "params": {"c": 1.0}, "metrics": {"iterations": 7.0}}}
 * }</pre>
 * Immutable and thread-safe.
 *
 * @param labels       class labels as text, in probability-column order (empty for regression); for binary
 *                     tasks the second label is the positive class
 * @param inputSchema  input columns the model reads and their types at training time
 * @param featureNames names of the columns of the preprocessed feature vector
 */
public record ModelInfo(int formatVersion, String modelType, String name, Task task, String target,
                        List<String> labels, List<Field> inputSchema, List<String> featureNames,
                        FittedTransform preprocess, ModelBody model, Training training) {
    /** The version of this layout; readers reject newer versions. */
    public static final int FORMAT_VERSION = 1;

    public ModelInfo {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(preprocess, "preprocess");
        labels = labels == null ? List.of() : List.copyOf(labels);
        inputSchema = inputSchema == null ? List.of() : List.copyOf(inputSchema);
        featureNames = featureNames == null ? List.of() : List.copyOf(featureNames);
        target = target == null ? "" : target;
    }

    /** An input column: name and type ({@code double, long, string, bool}). */
    public record Field(String name, String type) {}

    /**
     * How the model was trained: row and feature counts, parameters, and what the learner reported (iterations,
     * best round...), both sorted by name. No timings: they differ from one training to the next, and a model folder
     * must be the same bytes when the same inputs, parameters and seed trained it (older folders that hold
     * {@code train_ms} still read).
     */
    public record Training(long rows, int features, Map<String, Object> params, Map<String, Double> metrics) {
        public Training {
            params = params == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(params));
            metrics = metrics == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(metrics));
        }
    }

    /** Probability columns (classes) or 1 (regression). */
    public int outputs() {
        return task == Task.CLASSIFICATION ? labels.size() : 1;
    }
}
