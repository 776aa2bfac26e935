package dev.sluice.ml.model.prep;

import java.util.Locale;
import java.util.Objects;

/**
 * How a {@link Preprocessor} treats feature columns. Parsed from the trainer parameters {@code impute},
 * {@code impute_categorical}, {@code scale}, {@code encode} and {@code onehot_max_levels}.
 *
 * @param impute            numeric nulls: {@code mean}, {@code median}, or {@code none} (nulls stay NaN =
 *                          "missing", which only XGBoost accepts)
 * @param imputeCategorical text nulls: {@code missing_level} (a {@value FittedTransform#MISSING_LEVEL}
 *                          category) or {@code most_frequent}
 * @param scale             numeric columns: {@code standard} ((x - mean) / std) or {@code none}
 * @param encode            text columns: {@code onehot}, {@code ordinal}, or {@code auto} (per column, by its number
 *                          of levels: see {@link Encode#AUTO})
 * @param maxOneHotLevels   with {@code auto}, the most levels a column may have and still be one-hot encoded
 */
public record PrepOptions(Impute impute, CategoricalImpute imputeCategorical, Scale scale, Encode encode, int maxOneHotLevels) {
    /** {@code onehot_max_levels} by default. */
    public static final int DEFAULT_MAX_ONEHOT_LEVELS = 16;

    public PrepOptions {
        Objects.requireNonNull(impute, "impute");
        Objects.requireNonNull(imputeCategorical, "imputeCategorical");
        Objects.requireNonNull(scale, "scale");
        Objects.requireNonNull(encode, "encode");
        if (maxOneHotLevels < 1) throw new IllegalArgumentException("onehot_max_levels must be >= 1, got " + maxOneHotLevels);
    }

    /** With the default {@code onehot_max_levels}. */
    public PrepOptions(Impute impute, CategoricalImpute imputeCategorical, Scale scale, Encode encode) {
        this(impute, imputeCategorical, scale, encode, DEFAULT_MAX_ONEHOT_LEVELS);
    }

    /** How numeric nulls are filled. */
    public enum Impute { MEAN, MEDIAN, NONE }

    /** How text nulls are filled. */
    public enum CategoricalImpute { MISSING_LEVEL, MOST_FREQUENT }

    /** How numeric columns are scaled. */
    public enum Scale { STANDARD, NONE }

    /**
     * How text columns become numbers. {@code ONEHOT}: one 0/1 feature per level. {@code ORDINAL}: one feature, the
     * level's position among the levels sorted by name. {@code AUTO}: one-hot when the column has at most
     * {@code maxOneHotLevels} levels; above that one ordinal feature whose codes follow the levels' mean target on the
     * training rows (smoothed toward the overall mean), so a tree splits high from low target rates with one threshold,
     * or their frequency when no target orders them (a multi-class target, the {@code preprocess} step without one).
     * One-hot features cost a value per row and level; {@code AUTO} keeps that to {@code maxOneHotLevels} per column.
     */
    public enum Encode { ONEHOT, ORDINAL, AUTO }

    /** Parses a parameter value such as {@code "most_frequent"} into a constant of {@code type}. */
    public static <E extends Enum<E>> E parse(Class<E> type, String value) {
        return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
    }
}
