package dev.sluice.ml.model.prep;

import dev.sluice.ml.table.Column;
import dev.sluice.ml.table.Frame;
import dev.sluice.ml.table.TextLevels;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Preprocessing fitted on training data: one {@link ColumnStep} per input column, in feature order.
 * Stored inside every model ({@code "preprocess"} in {@code model.json}) so that prediction applies the
 * identical transform. Immutable and thread-safe.
 *
 * <p>Errors: a missing input column, a column whose type changed since training, and a NaN or infinite
 * value in a numeric column (nulls are imputed; NaN/inf are not, because they usually mean a bug
 * upstream) fail with a message naming the column.
 */
public record FittedTransform(List<ColumnStep> steps) {
    /** The category that stands for null when {@code impute_categorical: missing_level}. */
    public static final String MISSING_LEVEL = "__missing__";

    /** A one-hot encoding of a text column: its levels and what stands for null. */
    private record Encoding(List<String> levels, String fill) {}

    /** A column's one-hot columns under an {@link Encoding}, and how many rows matched no level. */
    private record Encoded(double[][] columns, long unseen) {}

    /**
     * One-hot columns already made, per column ({@link TextLevels}, held weakly: gone with the column) and
     * encoding: two trainers of a run that encode the same table's text columns alike (one-hot is both trainers'
     * default) share the arrays instead of each allocating and filling its own, and so do the models an evaluation
     * scores on one test table. Shared arrays are read-only, like every column.
     */
    private static final Map<TextLevels, Map<Encoding, Encoded>> ONE_HOT = Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * Larger one-hot encodings (rows x levels; 32 MB of doubles) are made afresh each time: kept, they would live
     * as long as their table, which a run may keep in memory ({@code WrittenTables}) beyond its own budget.
     */
    private static final long SHARED_ONE_HOT_CELLS = 1L << 22;

    public FittedTransform {
        steps = List.copyOf(steps);
    }

    /** Names of the produced features, e.g. {@code age}, {@code color=red}. */
    public List<String> featureNames() {
        List<String> out = new ArrayList<>();
        for (ColumnStep s : steps) out.addAll(s.featureNames());
        return out;
    }

    /** The number of features (the length of a feature vector). */
    public int width() {
        return steps.stream().mapToInt(ColumnStep::width).sum();
    }

    /** The input columns this transform reads, in order. */
    public List<String> inputColumns() {
        return steps.stream().map(ColumnStep::name).toList();
    }

    /** Applies the transform to every row of {@code frame}; extra columns are ignored. */
    public Transformed transform(Frame frame) {
        return transform(frame, 1);
    }

    /** {@link #transform(Frame)} with the columns transformed on up to {@code threads} threads (same result). */
    public Transformed transform(Frame frame, int threads) {
        int rows = frame.rows();
        double[][] out = new double[width()][];
        Column[] cols = new Column[steps.size()];
        int[] first = new int[steps.size()];
        for (int i = 0, f = 0; i < cols.length; f += steps.get(i).width(), i++) {
            cols[i] = require(frame, steps.get(i).name());
            first[i] = f;
        }
        long[] misses = new long[cols.length];
        ColumnTasks.run(cols.length, rows, threads, i -> misses[i] = switch (steps.get(i)) {
            case ColumnStep.Numeric n -> numeric(n, cols[i], out, first[i]);
            case ColumnStep.OneHot o -> oneHot(o, text(o.name(), cols[i]), out, first[i], rows);
            case ColumnStep.Ordinal o -> ordinal(o, text(o.name(), cols[i]), out, first[i], rows);
        });
        Map<String, Long> unseen = new LinkedHashMap<>();
        for (int i = 0; i < cols.length; i++) if (misses[i] > 0) unseen.put(steps.get(i).name(), misses[i]);
        return new Transformed(featureNames(), out, rows, unseen);
    }

    /**
     * The transform of {@code frame} as {@link AffineFeatures}: numeric steps over null-free floating-point
     * columns are left as their input column plus center and scale (checked for NaN/inf like {@link #transform});
     * one-hot steps are level indices; the rest is transformed. Same values as {@link #transform} up to where the
     * division happens.
     */
    public AffineFeatures affine(Frame frame, int threads) {
        int rows = frame.rows();
        int width = width();
        double[][] out = new double[width][];
        double[] center = new double[width];
        double[] scale = new double[width];
        java.util.Arrays.fill(scale, 1);
        Column[] cols = new Column[steps.size()];
        int[] first = new int[steps.size()];
        for (int i = 0, f = 0; i < cols.length; f += steps.get(i).width(), i++) {
            cols[i] = require(frame, steps.get(i).name());
            first[i] = f;
        }
        AffineFeatures.Codes[] codes = new AffineFeatures.Codes[cols.length];
        ColumnTasks.run(cols.length, rows, threads, i -> {
            int f = first[i];
            switch (steps.get(i)) {
                case ColumnStep.Numeric n when cols[i] instanceof Column.Doubles d && !NumericColumns.hasNulls(d) -> {
                    out[f] = checkedFinite(n, d);
                    center[f] = n.center();
                    scale[f] = n.scale();
                }
                case ColumnStep.Numeric n -> numeric(n, cols[i], out, f);
                case ColumnStep.OneHot o -> codes[i] = new AffineFeatures.Codes(f, o.width(),
                        positions(o.levels(), o.fill(), text(o.name(), cols[i])));
                case ColumnStep.Ordinal o -> ordinal(o, text(o.name(), cols[i]), out, f, rows);
            }
        });
        List<AffineFeatures.Codes> oneHot = java.util.Arrays.stream(codes).filter(java.util.Objects::nonNull).toList();
        return new AffineFeatures(featureNames(), out, center, scale, rows, oneHot);
    }

    private static Column require(Frame frame, String name) {
        return frame.find(name).orElseThrow(() -> new IllegalArgumentException("the model needs column '" + name
                + "', which the table lacks; the table has " + String.join(", ", frame.names())
                + ". Provide the column (same name as in training)"));
    }

    private static long numeric(ColumnStep.Numeric n, Column col, double[][] out, int f) {
        double[] v;
        if (col instanceof Column.Doubles d && !NumericColumns.hasNulls(col) && n.center() == 0 && n.scale() == 1) {
            // nothing to impute, center or scale (XGBoost's default): the feature is the column itself, shared
            out[f] = checkedFinite(n, d);
            return 0;
        }
        if (col instanceof Column.Doubles d && !NumericColumns.hasNulls(col)) {
            // the common case in one pass: apply, and notice any NaN/inf on the way (reported below)
            double[] raw = d.values();
            v = new double[raw.length];
            boolean finite = true;
            for (int r = 0; r < raw.length; r++) {
                double x = raw[r];
                finite &= Double.isFinite(x);
                v[r] = n.apply(x, false);
            }
            if (!finite) NumericColumns.rejectNonFinite(n.name(), raw, col);
        } else {
            double[] raw = NumericColumns.values(col, n.name());
            v = new double[raw.length];
            boolean nulls = NumericColumns.hasNulls(col);
            for (int r = 0; r < raw.length; r++) v[r] = n.apply(raw[r], nulls && col.isNull(r));
            NumericColumns.rejectNonFinite(n.name(), raw, col);
        }
        out[f] = v;
        return 0;
    }

    /** The values of {@code col}, after failing on any NaN or infinite one as {@link #transform} does. */
    private static double[] checkedFinite(ColumnStep.Numeric n, Column.Doubles col) {
        double[] raw = col.values();
        for (double v : raw) {
            if (!Double.isFinite(v)) {
                NumericColumns.rejectNonFinite(n.name(), raw, col);
                break;
            }
        }
        return raw;
    }

    private static Column.Strings text(String name, Column col) {
        if (col instanceof Column.Strings s) return s;
        throw new IllegalArgumentException("column '" + name + "' was text in training but is " + col.type().label()
                + " now; cast it back to text (VARCHAR) before predicting");
    }

    /**
     * Each row's position in {@code levels} ({@code -1}: unseen, or null without a fill among the levels), through
     * the column's {@link TextLevels}: no text is looked up per row.
     */
    private static int[] positions(List<String> levels, String fill, Column.Strings col) {
        Map<String, Integer> index = indexOf(levels);
        TextLevels t = TextLevels.of(col);
        int[] slot = t.positionsIn(index);
        int nullSlot = fill == null ? -1 : index.getOrDefault(fill, -1);
        int[] codes = t.codes();
        int[] out = new int[codes.length];
        for (int r = 0; r < codes.length; r++) out[r] = codes[r] == TextLevels.NULL ? nullSlot : slot[codes[r]];
        return out;
    }

    private static long oneHot(ColumnStep.OneHot o, Column.Strings col, double[][] out, int f, int rows) {
        Encoded e = (long) rows * o.width() > SHARED_ONE_HOT_CELLS ? encode(o, col, rows)
                : ONE_HOT.computeIfAbsent(TextLevels.of(col), t -> new ConcurrentHashMap<>())
                        .computeIfAbsent(new Encoding(o.levels(), o.fill()), k -> encode(o, col, rows));
        System.arraycopy(e.columns(), 0, out, f, e.columns().length);
        return e.unseen();
    }

    private static Encoded encode(ColumnStep.OneHot o, Column.Strings col, int rows) {
        int[] at = positions(o.levels(), o.fill(), col);
        double[][] columns = new double[o.width()][rows];
        long unseen = 0;
        for (int r = 0; r < rows; r++) {
            int k = at[r];
            if (k < 0) unseen++;
            else columns[k][r] = 1;
        }
        return new Encoded(columns, unseen);
    }

    private static long ordinal(ColumnStep.Ordinal o, Column.Strings col, double[][] out, int f, int rows) {
        int[] at = positions(o.levels(), o.fill(), col);
        double[] codes = new double[rows];
        long unseen = 0;
        for (int r = 0; r < rows; r++) {
            int k = at[r];
            if (k < 0) unseen++;
            codes[r] = k < 0 ? ColumnStep.Ordinal.UNSEEN : k;
        }
        out[f] = codes;
        return unseen;
    }

    private static Map<String, Integer> indexOf(List<String> levels) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < levels.size(); i++) index.put(levels.get(i), i);
        return index;
    }
}
