package dev.sluice.ml.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * The kind-specific part of {@code model.json} (its {@code "model"} object, discriminated by {@code type}).
 * Linear models keep their coefficients here; tree models name a file in the model folder that holds them in
 * a documented format. Immutable and thread-safe.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ModelBody.Linear.class, name = "linear"),
        @JsonSubTypes.Type(value = ModelBody.Logistic.class, name = "logistic"),
        @JsonSubTypes.Type(value = ModelBody.RandomForest.class, name = "random_forest"),
        @JsonSubTypes.Type(value = ModelBody.Xgboost.class, name = "xgboost"),
        @JsonSubTypes.Type(value = ModelBody.TransformOnly.class, name = "transform")})
public sealed interface ModelBody {
    /** The {@code type} written in JSON, also {@code model_type} at the top of {@code model.json}. */
    default String typeName() {
        return switch (this) {
            case Linear l -> "linear";
            case Logistic l -> "logistic";
            case RandomForest f -> "random_forest";
            case Xgboost x -> "xgboost";
            case TransformOnly t -> "transform";
        };
    }

    /** Linear regression: {@code prediction = intercept + Σ coefficients[f] · x[f]}. */
    record Linear(double[] coefficients, double intercept) implements ModelBody {}

    /**
     * Logistic regression on the preprocessed features. Binary: one row of coefficients, for the positive
     * class (the second label): {@code p = sigmoid(intercepts[0] + coefficients[0] · x)}. Multinomial: one row
     * per label, {@code p = softmax(intercepts + coefficients · x)}.
     */
    record Logistic(double[][] coefficients, double[] intercepts) implements ModelBody {}

    /** A random forest stored in {@code file} (see {@link dev.sluice.ml.model.tree.Forest} for the format). */
    record RandomForest(String file, int trees) implements ModelBody {}

    /**
     * Gradient-boosted trees in XGBoost's own JSON format ({@code file}, loadable by any XGBoost 2+ binding),
     * holding exactly {@code rounds} boosting rounds (the best ones when early stopping was on).
     *
     * @param validation     the rows early stopping watched: {@code input} (the {@code validation} table), {@code last}
     *                       (the last rows of {@code train}), {@code random} (seeded random rows of {@code train}) or
     *                       {@code none} (no early stopping); null in models written before it was recorded
     * @param validationRows how many rows that was (0 for none)
     */
    record Xgboost(String file, String objective, int numClass, int rounds, int bestIteration, String validation,
                   int validationRows) implements ModelBody {}

    /** No model: only the fitted preprocessing (the {@code transform} output of the {@code preprocess} step). */
    record TransformOnly() implements ModelBody {}
}
