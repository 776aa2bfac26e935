package dev.sluice.ml.table;

import java.util.BitSet;
import java.util.Objects;

/**
 * One column of a {@link Frame}: a name and a primitive array, with a null mask. Values are never
 * boxed. Columns are immutable by convention: code that receives one must not write into its arrays.
 */
public sealed interface Column permits Column.Doubles, Column.Longs, Column.Strings, Column.Bools {
    String name();

    int size();

    boolean isNull(int row);

    /** The logical type, as written in schemas and error messages. */
    ColumnType type();

    /** A copy with rows picked by index (for splits and samples). */
    Column take(int[] rows);

    /** A column of doubles; NaN is a value, not a null (the mask says what is missing). */
    record Doubles(String name, double[] values, BitSet nulls) implements Column {
        public Doubles {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(values, "values");
            nulls = nulls == null ? new BitSet() : nulls;
        }

        public int size() { return values.length; }
        public boolean isNull(int row) { return nulls.get(row); }
        public ColumnType type() { return ColumnType.DOUBLE; }

        public Doubles take(int[] rows) {
            double[] out = new double[rows.length];
            BitSet n = new BitSet();
            for (int i = 0; i < rows.length; i++) {
                out[i] = values[rows[i]];
                if (nulls.get(rows[i])) n.set(i);
            }
            return new Doubles(name, out, n);
        }
    }

    /** A column of 64-bit integers. */
    record Longs(String name, long[] values, BitSet nulls) implements Column {
        public Longs {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(values, "values");
            nulls = nulls == null ? new BitSet() : nulls;
        }

        public int size() { return values.length; }
        public boolean isNull(int row) { return nulls.get(row); }
        public ColumnType type() { return ColumnType.LONG; }

        public Longs take(int[] rows) {
            long[] out = new long[rows.length];
            BitSet n = new BitSet();
            for (int i = 0; i < rows.length; i++) {
                out[i] = values[rows[i]];
                if (nulls.get(rows[i])) n.set(i);
            }
            return new Longs(name, out, n);
        }
    }

    /** A column of text; a {@code null} element is a null. */
    record Strings(String name, String[] values) implements Column {
        public Strings {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(values, "values");
        }

        public int size() { return values.length; }
        public boolean isNull(int row) { return values[row] == null; }
        public ColumnType type() { return ColumnType.STRING; }

        public Strings take(int[] rows) {
            String[] out = new String[rows.length];
            for (int i = 0; i < rows.length; i++) out[i] = values[rows[i]];
            return new Strings(name, out);
        }
    }

    /** A column of booleans. */
    record Bools(String name, boolean[] values, BitSet nulls) implements Column {
        public Bools {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(values, "values");
            nulls = nulls == null ? new BitSet() : nulls;
        }

        public int size() { return values.length; }
        public boolean isNull(int row) { return nulls.get(row); }
        public ColumnType type() { return ColumnType.BOOL; }

        public Bools take(int[] rows) {
            boolean[] out = new boolean[rows.length];
            BitSet n = new BitSet();
            for (int i = 0; i < rows.length; i++) {
                out[i] = values[rows[i]];
                if (nulls.get(rows[i])) n.set(i);
            }
            return new Bools(name, out, n);
        }
    }
}
