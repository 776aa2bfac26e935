package dev.sluice.ml.model.prep;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.util.List;
import java.util.Objects;

/**
 * The fitted transform of one input column into one or more feature columns. JSON form (one object
 * per input column, discriminated by {@code kind}):
 * <pre>{@code
 * {"kind": "numeric", "name": "age", "type": "long", "fill": 41.5, "center": 41.5, "scale": 12.1}
 * {"kind": "onehot", "name": "color", "levels": ["blue", "red", "__missing__"], "fill": "__missing__"}
 * {"kind": "ordinal", "name": "color", "levels": ["blue", "red"], "fill": "blue"}
 * }</pre>
 * Immutable and thread-safe.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ColumnStep.Numeric.class, name = "numeric"),
        @JsonSubTypes.Type(value = ColumnStep.OneHot.class, name = "onehot"),
        @JsonSubTypes.Type(value = ColumnStep.Ordinal.class, name = "ordinal")})
public sealed interface ColumnStep {
    /** The input column's name. */
    String name();

    /** How many feature columns this step produces. */
    int width();

    /** The names of the produced feature columns. */
    List<String> featureNames();

    /**
     * A numeric or boolean column (booleans are 1/0): null → {@code fill} (absent = no imputation, the
     * feature is NaN = missing), then {@code (x - center) / scale}.
     */
    record Numeric(String name, String type, Double fill, double center, double scale) implements ColumnStep {
        public Numeric {
            Objects.requireNonNull(name, "name");
            if (!(scale > 0)) throw new IllegalArgumentException("scale of '" + name + "' must be > 0, got " + scale);
        }

        public int width() { return 1; }

        public List<String> featureNames() { return List.of(name); }

        /** The feature value of one raw value ({@code NaN} for null). */
        public double apply(double raw, boolean isNull) {
            double v = isNull ? (fill == null ? Double.NaN : fill) : raw;
            return (v - center) / scale;
        }
    }

    /**
     * A text column one-hot encoded: one 0/1 feature per training level. Null → {@code fill}. A value not
     * seen in training (or a null when {@code fill} is not a level) → all zeros, counted as unseen.
     */
    record OneHot(String name, List<String> levels, String fill) implements ColumnStep {
        public OneHot {
            Objects.requireNonNull(name, "name");
            levels = List.copyOf(levels);
        }

        public int width() { return levels.size(); }

        public List<String> featureNames() { return levels.stream().map(l -> name + "=" + l).toList(); }
    }

    /**
     * A text column ordinal encoded: the index of the value in {@code levels} (sorted training levels).
     * Null → {@code fill}. A value not seen in training → the reserved code -1, counted as unseen.
     */
    record Ordinal(String name, List<String> levels, String fill) implements ColumnStep {
        /** The code given to categories not seen in training. */
        public static final double UNSEEN = -1;

        public Ordinal {
            Objects.requireNonNull(name, "name");
            levels = List.copyOf(levels);
        }

        public int width() { return 1; }

        public List<String> featureNames() { return List.of(name); }
    }
}
