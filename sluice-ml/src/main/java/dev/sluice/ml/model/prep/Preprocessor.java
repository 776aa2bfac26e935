package dev.sluice.ml.model.prep;

import dev.sluice.ml.table.Column;
import dev.sluice.ml.table.Frame;
import dev.sluice.ml.table.TextLevels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Fits a {@link FittedTransform} on training data only: imputation values, scaling statistics and
 * category levels all come from the frame given to {@link #fit}, never from data seen later.
 * Numeric and boolean columns are imputed then (optionally) standardized; text columns are imputed then
 * one-hot or ordinal encoded, or by their number of levels with {@code encode: auto} (see
 * {@link PrepOptions.Encode#AUTO}). Stateless and thread-safe.
 *
 * <pre>{@code
 * FittedTransform t = new Preprocessor(options).fit(train, List.of("age", "color"));
 * Transformed x = t.transform(test);   // uses train's mean, std and levels
 * }</pre>
 */
public final class Preprocessor {
    private final PrepOptions options;

    public Preprocessor(PrepOptions options) {
        this.options = options;
    }

    /** Fits one step per feature column of {@code train}, in the order given. */
    public FittedTransform fit(Frame train, List<String> features) {
        return fit(train, features, 1);
    }

    /** {@link #fit(Frame, List)} with the columns fitted on up to {@code threads} threads (same result). */
    public FittedTransform fit(Frame train, List<String> features, int threads) {
        return fit(train, features, threads, null);
    }

    /**
     * {@link #fit(Frame, List, int)} with a target: {@code target[r]} is row {@code r}'s value whose mean orders the
     * levels of the text columns {@link PrepOptions.Encode#AUTO} gives ordinal codes (a binary target as 0/1, a
     * regression target); null orders them by frequency.
     */
    public FittedTransform fit(Frame train, List<String> features, int threads, double[] target) {
        if (train.rows() == 0) throw new IllegalArgumentException("cannot fit preprocessing on an empty table (0 rows)");
        if (target != null && target.length != train.rows()) {
            throw new IllegalArgumentException("target has " + target.length + " values for " + train.rows() + " rows");
        }
        Column[] cols = features.stream().map(train::column).toArray(Column[]::new);
        ColumnStep[] steps = new ColumnStep[cols.length];
        ColumnTasks.run(cols.length, train.rows(), threads,
                i -> steps[i] = cols[i] instanceof Column.Strings s ? fitText(s, target) : fitNumeric(cols[i]));
        return new FittedTransform(List.of(steps));
    }

    /**
     * What {@code encode} made of the text columns of {@code t}, for a step's log, e.g. {@code encode auto (one-hot up
     * to 16 levels, ...): ordinal: city (700 levels); one-hot: size (3 levels) -> 9 features}; empty without text
     * columns. {@code byTarget}: whether a target ordered the ordinal levels (else their frequency did).
     */
    public static String describe(FittedTransform t, PrepOptions options, boolean byTarget) {
        List<String> ordinal = new ArrayList<>();
        List<String> oneHot = new ArrayList<>();
        for (ColumnStep step : t.steps()) {
            switch (step) {
                case ColumnStep.Ordinal o -> ordinal.add(o.name() + " (" + o.levels().size() + " levels)");
                case ColumnStep.OneHot o -> oneHot.add(o.name() + " (" + o.levels().size() + " levels)");
                case ColumnStep.Numeric n -> { }
            }
        }
        if (ordinal.isEmpty() && oneHot.isEmpty()) return "";
        String rule = switch (options.encode()) {
            case ONEHOT -> "encode onehot (one 0/1 feature per level)";
            case ORDINAL -> "encode ordinal (one code per level, levels in order of their names)";
            case AUTO -> "encode auto (one-hot up to " + options.maxOneHotLevels() + " levels, one ordinal code per level"
                    + " above, levels in order of their " + (byTarget ? "mean target" : "frequency") + ")";
        };
        List<String> parts = new ArrayList<>();
        if (!ordinal.isEmpty()) parts.add("ordinal: " + list(ordinal));
        if (!oneHot.isEmpty()) parts.add("one-hot: " + list(oneHot));
        return rule + ": " + String.join("; ", parts) + " -> " + t.width() + " features";
    }

    /** At most 10 entries, then how many more. */
    private static String list(List<String> items) {
        if (items.size() <= 10) return String.join(", ", items);
        return String.join(", ", items.subList(0, 10)) + " and " + (items.size() - 10) + " more";
    }

    private ColumnStep fitNumeric(Column col) {
        double[] raw = NumericColumns.values(col, col.name());
        NumericColumns.rejectNonFinite(col.name(), raw, col);
        double[] present = presentValues(raw, col);
        if (present.length == 0) {
            throw new IllegalArgumentException("column '" + col.name() + "' is null in every row; drop it from 'features'");
        }
        Double fill = switch (options.impute()) {
            case MEAN -> mean(present);
            case MEDIAN -> median(present);
            case NONE -> null;
        };
        double[] filled = fill == null ? present : filled(raw, col, fill);
        double center = 0;
        double scale = 1;
        if (options.scale() == PrepOptions.Scale.STANDARD) {
            // without nulls, filled is present: its mean is the fill already computed (same array, same sum)
            center = fill != null && filled == present && options.impute() == PrepOptions.Impute.MEAN ? fill : mean(filled);
            double sd = std(filled, center);
            scale = sd > 0 ? sd : 1;
        }
        return new ColumnStep.Numeric(col.name(), col.type().label(), fill, center, scale);
    }

    private ColumnStep fitText(Column.Strings col, double[] target) {
        // each cell hashed once per column and run (TextLevels), not once per trainer
        TextLevels t = TextLevels.of(col);
        boolean hasNull = t.nulls() > 0;
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < t.size(); i++) counts.put(t.levels()[i], t.counts()[i]);
        List<String> levels = new ArrayList<>(counts.keySet());
        String fill;
        if (options.imputeCategorical() == PrepOptions.CategoricalImpute.MISSING_LEVEL) {
            fill = FittedTransform.MISSING_LEVEL;
            if (hasNull && !counts.containsKey(fill)) levels.add(fill);
        } else {
            fill = mostFrequent(counts);
        }
        return switch (options.encode()) {
            case ONEHOT -> new ColumnStep.OneHot(col.name(), levels, fill);
            case ORDINAL -> new ColumnStep.Ordinal(col.name(), levels, fill);
            case AUTO -> t.size() <= options.maxOneHotLevels() ? new ColumnStep.OneHot(col.name(), levels, fill)
                    : new ColumnStep.Ordinal(col.name(), LevelOrder.of(t, levels, fill, target), fill);
        };
    }

    private static String mostFrequent(Map<String, Integer> counts) {
        String best = null;
        int most = 0;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() > most) {
                best = e.getKey();
                most = e.getValue();
            }
        }
        return best;
    }

    private static double[] presentValues(double[] raw, Column col) {
        if (!NumericColumns.hasNulls(col)) return raw;
        double[] out = new double[raw.length];
        int n = 0;
        for (int r = 0; r < raw.length; r++) if (!col.isNull(r)) out[n++] = raw[r];
        return Arrays.copyOf(out, n);
    }

    private static double[] filled(double[] raw, Column col, double fill) {
        if (!NumericColumns.hasNulls(col)) return raw;
        double[] out = new double[raw.length];
        for (int r = 0; r < raw.length; r++) out[r] = col.isNull(r) ? fill : raw[r];
        return out;
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }

    static double std(double[] v, double mean) {
        double s = 0;
        for (double x : v) s += (x - mean) * (x - mean);
        return Math.sqrt(s / v.length);
    }
}
