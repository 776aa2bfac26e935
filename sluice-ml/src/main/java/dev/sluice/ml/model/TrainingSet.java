package dev.sluice.ml.model;

import dev.sluice.ml.model.prep.AffineFeatures;
import dev.sluice.ml.model.prep.FittedTransform;
import dev.sluice.ml.model.prep.Preprocessor;
import dev.sluice.ml.model.prep.Transformed;
import dev.sluice.ml.table.Column;
import dev.sluice.ml.table.Frame;

import java.util.List;
import java.util.Optional;

/**
 * A training table turned into what a learner needs: the target, the feature columns, the preprocessing
 * fitted on this table only, and the preprocessed features. Immutable by convention.
 *
 * <p>A set made by {@link #prepareAffine} carries {@link #affine()}: then {@code x().columns()} are the
 * affine features' columns (some are raw input columns still to be centered and scaled, and one-hot features are
 * null: {@code affine().oneHot()} holds them as level indices), for a learner that folds the scaling into its
 * coefficients; every other set has {@code affine()} empty and {@code x()} fully transformed.
 */
record TrainingSet(Target target, List<String> features, FittedTransform transform, Transformed x,
                   Optional<AffineFeatures> affine) {
    TrainingSet(Target target, List<String> features, FittedTransform transform, Transformed x) {
        this(target, features, transform, x, Optional.empty());
    }

    static TrainingSet prepare(Frame train, TrainerParams p) {
        return prepare(train, p, 1, null);
    }

    /**
     * Prepares the set with the columns fitted and transformed on up to {@code threads} threads (same result).
     *
     * @param fitRows the rows the preprocessing is fitted on (levels, imputation, scaling, level order), or null for
     *                all: a learner that holds rows of {@code train} out for validation fits it without them
     */
    static TrainingSet prepare(Frame train, TrainerParams p, int threads, int[] fitRows) {
        Target target = Target.fit(train, p.target(), p.task());
        List<String> features = features(train, p);
        FittedTransform t = fitTransform(train, p, threads, fitRows, target, features);
        return new TrainingSet(target, features, t, t.transform(train, threads));
    }

    /**
     * Like {@link #prepare(Frame, TrainerParams, int, int[])}, with the standardized numeric columns left unscaled
     * ({@link AffineFeatures}): no copy of them is made.
     */
    static TrainingSet prepareAffine(Frame train, TrainerParams p, int threads, int[] fitRows) {
        Target target = Target.fit(train, p.target(), p.task());
        List<String> features = features(train, p);
        FittedTransform t = fitTransform(train, p, threads, fitRows, target, features);
        AffineFeatures a = t.affine(train, threads);
        Transformed x = new Transformed(a.featureNames(), a.columns(), a.rows(), java.util.Map.of());
        return new TrainingSet(target, features, t, x, Optional.of(a));
    }

    private static FittedTransform fitTransform(Frame train, TrainerParams p, int threads, int[] fitRows, Target target,
                                                List<String> features) {
        Frame on = fitRows == null ? train : train.take(fitRows);
        double[] order = target.orderingValues().map(v -> fitRows == null ? v : pick(v, fitRows)).orElse(null);
        return new Preprocessor(p.prep()).fit(on, features, threads, order);
    }

    private static double[] pick(double[] values, int[] rows) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) out[i] = values[rows[i]];
        return out;
    }

    /** The same preprocessing and labels applied to another table (validation). */
    TrainingSet apply(Frame other) {
        return apply(other, 1);
    }

    /** {@link #apply(Frame)} on up to {@code threads} threads. */
    TrainingSet apply(Frame other, int threads) {
        Target t = Target.of(other, target.name(), target.task(), target.labels());
        return new TrainingSet(t, features, transform, transform.transform(other, threads));
    }

    private static List<String> features(Frame train, TrainerParams p) {
        List<String> features = p.features().isEmpty()
                ? train.names().stream().filter(n -> !n.equals(p.target())).toList()
                : p.features();
        if (features.contains(p.target())) {
            throw new IllegalArgumentException("'features' lists the target column '" + p.target() + "'; remove it");
        }
        if (features.isEmpty()) {
            throw new IllegalArgumentException("the training table has no feature columns besides the target '" + p.target() + "'");
        }
        for (String f : features) train.column(f);
        return features;
    }

    /** Input schema for model.json. */
    List<ModelInfo.Field> schema(Frame train) {
        return features.stream().map(f -> {
            Column c = train.column(f);
            return new ModelInfo.Field(f, c.type().label());
        }).toList();
    }

    int rows() {
        return x.rows();
    }

    boolean classification() {
        return target.task() == Task.CLASSIFICATION;
    }
}
