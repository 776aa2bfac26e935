package dev.sluice.ml.model;

import dev.sluice.ml.table.Column;
import dev.sluice.ml.table.Frame;
import dev.sluice.ml.table.TextLevels;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The target column of a training or test table, as class indices (classification) or values
 * (regression). Task {@code auto}: a text or boolean target, or an integer target with at most
 * {@value #MAX_AUTO_CLASSES} distinct values, is classification; anything else numeric is regression.
 * Labels are the distinct values as text, sorted (numbers numerically). Immutable once built.
 */
record Target(String name, Task task, List<String> labels, int[] classes, double[] values) {
    static final int MAX_AUTO_CLASSES = 20;
    /** Integer targets whose values span less than this are de-duplicated by marking instead of sorting. */
    private static final long SMALL_RANGE = 1 << 16;

    /** Reads the target of a training table; {@code task} is auto, classification or regression. */
    static Target fit(Frame frame, String name, String task) {
        Column col = column(frame, name, "training");
        Task resolved = switch (task) {
            case "classification" -> Task.CLASSIFICATION;
            case "regression" -> Task.REGRESSION;
            default -> auto(col);
        };
        if (resolved == Task.REGRESSION) return new Target(name, resolved, List.of(), new int[0], regression(col));
        List<String> labels = labels(col);
        if (labels.size() < 2) {
            throw new IllegalArgumentException("target column '" + name + "' has a single value " + labels
                    + "; a classifier needs at least two classes (check the split or the filter upstream)");
        }
        return new Target(name, resolved, labels, encode(col, labels), new double[0]);
    }

    /** Reads the target of a test table against a model's labels. */
    static Target of(Frame frame, String name, Task task, List<String> labels) {
        Column col = column(frame, name, "test");
        if (task == Task.REGRESSION) return new Target(name, task, List.of(), new int[0], regression(col));
        return new Target(name, task, labels, encode(col, labels), new double[0]);
    }

    /**
     * Per row, the value whose mean orders a text column's levels for {@code encode: auto}: the positive class as 1
     * (binary), the value (regression); empty for more than two classes, which have no single order.
     */
    java.util.Optional<double[]> orderingValues() {
        if (task == Task.REGRESSION) return java.util.Optional.of(values);
        if (labels.size() != 2) return java.util.Optional.empty();
        double[] v = new double[classes.length];
        for (int r = 0; r < v.length; r++) v[r] = classes[r];
        return java.util.Optional.of(v);
    }

    private static Column column(Frame frame, String name, String role) {
        if (frame.rows() == 0) {
            throw new IllegalArgumentException("the " + role + " table has 0 rows; check the steps upstream (a filter or split that kept nothing?)");
        }
        Column col = frame.find(name).orElseThrow(() -> new IllegalArgumentException("target column '" + name
                + "' is not in the " + role + " table; the table has " + String.join(", ", frame.names())
                + ". Set 'target' to one of them"));
        int nulls = 0;
        for (int r = 0; r < col.size(); r++) if (col.isNull(r)) nulls++;
        if (nulls > 0) {
            throw new IllegalArgumentException("target column '" + name + "' has " + nulls + " null value"
                    + (nulls == 1 ? "" : "s") + " in the " + role + " table; drop those rows upstream (e.g. a sql step with WHERE \""
                    + name + "\" IS NOT NULL)");
        }
        return col;
    }

    private static Task auto(Column col) {
        return switch (col) {
            case Column.Strings s -> Task.CLASSIFICATION;
            case Column.Bools b -> Task.CLASSIFICATION;
            case Column.Longs l -> distinct(l.values()).length <= MAX_AUTO_CLASSES ? Task.CLASSIFICATION : Task.REGRESSION;
            case Column.Doubles d -> Task.REGRESSION;
        };
    }

    private static double[] regression(Column col) {
        return switch (col) {
            case Column.Doubles d -> d.values();
            case Column.Longs l -> java.util.Arrays.stream(l.values()).asDoubleStream().toArray();
            case Column.Bools b -> throw notNumeric(col);
            case Column.Strings s -> throw notNumeric(col);
        };
    }

    private static IllegalArgumentException notNumeric(Column col) {
        return new IllegalArgumentException("target column '" + col.name() + "' is " + col.type().label()
                + ", but regression needs a numeric target; use task: classification or cast the column");
    }

    /** The distinct values, sorted (primitive: no boxing or text per row). */
    private static long[] distinct(long[] values) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long x : values) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        if (values.length > 0 && max - min >= 0 && max - min < SMALL_RANGE) {   // class codes: mark, no sort
            boolean[] seen = new boolean[(int) (max - min + 1)];
            for (long x : values) seen[(int) (x - min)] = true;
            long[] out = new long[seen.length];
            int n = 0;
            for (int i = 0; i < seen.length; i++) if (seen[i]) out[n++] = min + i;
            return java.util.Arrays.copyOf(out, n);
        }
        long[] v = values.clone();
        java.util.Arrays.sort(v);
        int n = 0;
        for (int i = 0; i < v.length; i++) if (n == 0 || v[i] != v[n - 1]) v[n++] = v[i];
        return java.util.Arrays.copyOf(v, n);
    }

    /** Distinct values as text, sorted (numbers numerically, then text). */
    private static List<String> labels(Column col) {
        if (col instanceof Column.Longs l) {
            List<String> out = new ArrayList<>();
            for (long v : distinct(l.values())) out.add(Long.toString(v));
            return out;
        }
        if (col instanceof Column.Strings s) return new ArrayList<>(new TreeSet<>(List.of(TextLevels.of(s).levels())));
        Map<Double, String> numeric = new TreeMap<>();
        TreeSet<String> text = new TreeSet<>();
        for (int r = 0; r < col.size(); r++) {
            switch (col) {
                case Column.Longs l -> numeric.put((double) l.values()[r], label(col, r));
                case Column.Doubles d -> numeric.put(d.values()[r], label(col, r));
                default -> text.add(label(col, r));
            }
        }
        List<String> out = new ArrayList<>(numeric.values());
        out.addAll(text);
        return out;
    }

    /** The text form of a target value. */
    static String label(Column col, int r) {
        return switch (col) {
            case Column.Strings s -> s.values()[r];
            case Column.Bools b -> String.valueOf(b.values()[r]);
            case Column.Longs l -> Long.toString(l.values()[r]);
            case Column.Doubles d -> {
                double v = d.values()[r];
                yield v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
            }
        };
    }

    private static int[] encode(Column col, List<String> labels) {
        if (col instanceof Column.Longs l) {
            int[] fast = encodeLongs(l, labels);
            if (fast != null) return fast;
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < labels.size(); i++) index.put(labels.get(i), i);
        if (col instanceof Column.Strings s) return encodeText(s, index, labels);
        int[] out = new int[col.size()];
        for (int r = 0; r < out.length; r++) {
            Integer k = index.get(label(col, r));
            if (k == null) {
                throw new IllegalArgumentException("target column '" + col.name() + "' has the value '" + label(col, r)
                        + "' (row " + r + "), which the model never saw in training; its classes are " + labels);
            }
            out[r] = k;
        }
        return out;
    }

    /** Text targets through the column's {@link TextLevels}: one lookup per distinct value, not per row. */
    private static int[] encodeText(Column.Strings col, Map<String, Integer> index, List<String> labels) {
        TextLevels t = TextLevels.of(col);
        int[] at = t.positionsIn(index);
        int[] codes = t.codes();
        int[] out = new int[codes.length];
        for (int r = 0; r < out.length; r++) {
            int k = codes[r] == TextLevels.NULL ? -1 : at[codes[r]];
            if (k < 0) {
                throw new IllegalArgumentException("target column '" + col.name() + "' has the value '" + label(col, r)
                        + "' (row " + r + "), which the model never saw in training; its classes are " + labels);
            }
            out[r] = k;
        }
        return out;
    }

    /** Integer targets against integer labels by binary search (no text per row); null when a label is not an integer. */
    private static int[] encodeLongs(Column.Longs col, List<String> labels) {
        long[] keys = new long[labels.size()];
        for (int i = 0; i < keys.length; i++) {
            try {
                keys[i] = Long.parseLong(labels.get(i));
            } catch (NumberFormatException e) {
                return null;
            }
            if (i > 0 && keys[i] <= keys[i - 1]) return null;
        }
        long[] values = col.values();
        int[] out = new int[values.length];
        for (int r = 0; r < values.length; r++) {
            int k = java.util.Arrays.binarySearch(keys, values[r]);
            if (k < 0) return null;   // the slow path names the unseen value
            out[r] = k;
        }
        return out;
    }
}
