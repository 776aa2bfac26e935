package dev.sluice.ml.model.prep;

import java.util.Locale;
import java.util.Objects;

/**
 * How a {@link Preprocessor} treats feature columns. Parsed from the trainer parameters {@code impute},
 * {@code impute_categorical}, {@code scale} and {@code encode}.
 *
 * @param impute            numeric nulls: {@code mean}, {@code median}, or {@code none} (nulls stay NaN =
 *                          "missing", which only XGBoost accepts)
 * @param imputeCategorical text nulls: {@code missing_level} (a {@value FittedTransform#MISSING_LEVEL}
 *                          category) or {@code most_frequent}
 * @param scale             numeric columns: {@code standard} ((x - mean) / std) or {@code none}
 * @param encode            text columns: {@code onehot} or {@code ordinal}
 */
public record PrepOptions(Impute impute, CategoricalImpute imputeCategorical, Scale scale, Encode encode) {
    public PrepOptions {
        Objects.requireNonNull(impute, "impute");
        Objects.requireNonNull(imputeCategorical, "imputeCategorical");
        Objects.requireNonNull(scale, "scale");
        Objects.requireNonNull(encode, "encode");
    }

    /** How numeric nulls are filled. */
    public enum Impute { MEAN, MEDIAN, NONE }

    /** How text nulls are filled. */
    public enum CategoricalImpute { MISSING_LEVEL, MOST_FREQUENT }

    /** How numeric columns are scaled. */
    public enum Scale { STANDARD, NONE }

    /** How text columns become numbers. */
    public enum Encode { ONEHOT, ORDINAL }

    /** Parses a parameter value such as {@code "most_frequent"} into a constant of {@code type}. */
    public static <E extends Enum<E>> E parse(Class<E> type, String value) {
        return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
    }
}
