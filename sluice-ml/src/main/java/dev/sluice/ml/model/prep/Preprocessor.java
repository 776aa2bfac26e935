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
 * one-hot or ordinal encoded with sorted levels. Stateless and thread-safe.
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
        if (train.rows() == 0) throw new IllegalArgumentException("cannot fit preprocessing on an empty table (0 rows)");
        Column[] cols = features.stream().map(train::column).toArray(Column[]::new);
        ColumnStep[] steps = new ColumnStep[cols.length];
        ColumnTasks.run(cols.length, train.rows(), threads,
                i -> steps[i] = cols[i] instanceof Column.Strings s ? fitText(s) : fitNumeric(cols[i]));
        return new FittedTransform(List.of(steps));
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

    private ColumnStep fitText(Column.Strings col) {
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
        return options.encode() == PrepOptions.Encode.ONEHOT
                ? new ColumnStep.OneHot(col.name(), levels, fill)
                : new ColumnStep.Ordinal(col.name(), levels, fill);
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
