package dev.sluice.serve.model;

import dev.sluice.ml.model.prep.ColumnStep;
import dev.sluice.ml.model.prep.FittedTransform;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's fitted preprocessing ({@link FittedTransform}) compiled for one row at a time: each step reads its
 * input field by a precomputed index and writes its feature slots by a precomputed offset; one-hot and ordinal
 * levels are small hash maps built once. Gives the same features as {@link FittedTransform#transform} on a table:
 * numeric null → {@code fill} (or NaN = missing when there is none), then {@code (x - center) / scale}; text null →
 * {@code fill}; a category not seen in training → all zeros (one-hot) or -1 (ordinal). Allocation-free per row.
 * Immutable and thread-safe.
 */
public final class RowTransform {
    private final Step[] steps;
    private final int width;

    private RowTransform(Step[] steps, int width) {
        this.steps = steps;
        this.width = width;
    }

    /** Compiles {@code transform} against the request schema; every step's column must be a schema field. */
    public static RowTransform compile(FittedTransform transform, InputSchema schema) {
        List<ColumnStep> columns = transform.steps();
        Step[] steps = new Step[columns.size()];
        int offset = 0;
        for (int s = 0; s < steps.length; s++) {
            ColumnStep c = columns.get(s);
            int field = schema.indexOf(c.name());
            if (field < 0) {
                throw new IllegalArgumentException("the preprocessing reads column '" + c.name()
                        + "', which is not in the model's input_schema; the model folder is inconsistent, retrain it");
            }
            steps[s] = switch (c) {
                case ColumnStep.Numeric n -> new Numeric(field, offset, n.fill() == null ? Double.NaN : n.fill(), n.center(), n.scale());
                case ColumnStep.OneHot o -> new Levels(field, offset, o.width(), index(o.levels()), o.fill(), true);
                case ColumnStep.Ordinal o -> new Levels(field, offset, 1, index(o.levels()), o.fill(), false);
            };
            offset += c.width();
        }
        return new RowTransform(steps, offset);
    }

    private static Map<String, Integer> index(List<String> levels) {
        Map<String, Integer> m = new HashMap<>(levels.size() * 2);
        for (int i = 0; i < levels.size(); i++) m.put(levels.get(i), i);
        return m;
    }

    /** The length of the feature vector. */
    public int width() {
        return width;
    }

    /** Writes the features of {@code row} into {@code out}; returns how many categories were not seen in training. */
    public int apply(RowValues row, double[] out) {
        int unseen = 0;
        for (Step s : steps) {
            switch (s) {
                case Numeric n -> {
                    double v = row.nulls[n.field] ? n.fill : row.numbers[n.field];
                    out[n.offset] = (v - n.center) / n.scale;
                }
                case Levels l -> {
                    String v = row.nulls[l.field] ? l.fill : row.texts[l.field];
                    Integer k = v == null ? null : l.index.get(v);
                    if (k == null) unseen++;
                    if (l.oneHot) {
                        for (int j = 0; j < l.width; j++) out[l.offset + j] = 0;
                        if (k != null) out[l.offset + k] = 1;
                    } else {
                        out[l.offset] = k == null ? ColumnStep.Ordinal.UNSEEN : k;
                    }
                }
            }
        }
        return unseen;
    }

    private sealed interface Step permits Numeric, Levels {}

    private record Numeric(int field, int offset, double fill, double center, double scale) implements Step {}

    private record Levels(int field, int offset, int width, Map<String, Integer> index, String fill, boolean oneHot) implements Step {}
}
