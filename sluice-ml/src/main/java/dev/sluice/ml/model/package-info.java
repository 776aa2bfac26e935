/**
 * Models: trainers ({@code xgboost}, {@code logistic}, {@code linear}, {@code random_forest}), {@code preprocess},
 * {@code evaluate} and {@code predict}; the model folder format ({@link dev.sluice.ml.model.ModelInfo} in
 * {@code model.json}, plus {@code xgboost.json} or {@code forest.json}); {@link dev.sluice.ml.model.ModelArtifact}
 * to read it back and {@link dev.sluice.ml.model.Predictor} to score feature vectors.
 */
package dev.sluice.ml.model;
