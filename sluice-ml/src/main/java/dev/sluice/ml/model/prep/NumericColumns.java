package dev.sluice.ml.model.prep;

import dev.sluice.ml.table.Column;

/** Reads numeric and boolean columns as doubles and checks them. Stateless. */
final class NumericColumns {
    private NumericColumns() {}

    /** The column's values as doubles (booleans 1/0; null rows hold an unspecified value). */
    static double[] values(Column col, String name) {
        return switch (col) {
            case Column.Doubles d -> d.values();
            case Column.Longs l -> {
                double[] v = new double[l.size()];
                for (int i = 0; i < v.length; i++) v[i] = l.values()[i];
                yield v;
            }
            case Column.Bools b -> {
                double[] v = new double[b.size()];
                for (int i = 0; i < v.length; i++) v[i] = b.values()[i] ? 1 : 0;
                yield v;
            }
            case Column.Strings s -> throw new IllegalArgumentException("column '" + name
                    + "' was numeric in training but is text now; cast it to a number before predicting");
        };
    }

    /** Whether any row is null (cheap: looks at the null mask, not the rows). */
    static boolean hasNulls(Column col) {
        return switch (col) {
            case Column.Doubles d -> !d.nulls().isEmpty();
            case Column.Longs l -> !l.nulls().isEmpty();
            case Column.Bools b -> !b.nulls().isEmpty();
            case Column.Strings s -> true;
        };
    }

    /** Fails naming the column and the row count when a non-null value is NaN or infinite. */
    static void rejectNonFinite(String name, double[] values, Column col) {
        if (!(col instanceof Column.Doubles)) return;   // converted integers and booleans are always finite
        boolean nulls = hasNulls(col);
        int bad = 0;
        int first = -1;
        for (int r = 0; r < values.length; r++) {
            if (!Double.isFinite(values[r]) && (!nulls || !col.isNull(r))) {
                if (first < 0) first = r;
                bad++;
            }
        }
        if (bad > 0) {
            throw new IllegalArgumentException("column '" + name + "' has " + bad + " NaN or infinite value"
                    + (bad == 1 ? "" : "s") + " (first at row " + first + "); nulls are imputed but NaN/inf are not:"
                    + " replace them with NULL or drop those rows upstream (e.g. a sql step with isfinite(" + name + "))");
        }
    }
}
