package dev.sluice.ml.model;

import dev.sluice.ml.table.Column;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * Collects one result-set column into a primitive {@link Column}: a growing array of the column's kind ({@link Kind})
 * and the rows that were SQL NULL. Not thread-safe.
 */
final class ColumnBuffer<A> {
    /** How one kind of column is stored: its array, one value read into it, the column made of it. */
    record Kind<A>(IntFunction<A> array, Resize<A> resize, Read<A> read, Build<A> build) {
    }

    interface Resize<A> {
        A copyOf(A values, int length);
    }

    interface Read<A> {
        void into(A values, int row, ResultSet rs, int index) throws SQLException;
    }

    interface Build<A> {
        Column of(String name, A values, BitSet nulls);
    }

    static final Kind<double[]> DOUBLES = new Kind<>(double[]::new, Arrays::copyOf,
            (v, row, rs, i) -> v[row] = rs.getDouble(i), Column.Doubles::new);
    static final Kind<long[]> LONGS = new Kind<>(long[]::new, Arrays::copyOf,
            (v, row, rs, i) -> v[row] = rs.getLong(i), Column.Longs::new);
    static final Kind<boolean[]> BOOLS = new Kind<>(boolean[]::new, Arrays::copyOf,
            (v, row, rs, i) -> v[row] = rs.getBoolean(i), Column.Bools::new);
    static final Kind<String[]> STRINGS = new Kind<>(String[]::new, Arrays::copyOf,
            (v, row, rs, i) -> v[row] = rs.getString(i), (name, v, nulls) -> new Column.Strings(name, v));

    private static final int FIRST = 16;

    final String name;
    private final Kind<A> kind;
    private final BitSet nulls = new BitSet();
    private A values;
    private int length = FIRST;
    private int size;

    private ColumnBuffer(String name, Kind<A> kind) {
        this.name = name;
        this.kind = kind;
        this.values = kind.array().apply(FIRST);
    }

    static ColumnBuffer<?> of(String name, String sqlType, Path file) {
        String t = sqlType.toUpperCase(Locale.ROOT);
        if (t.startsWith("DECIMAL") || t.equals("DOUBLE") || t.equals("FLOAT") || t.equals("REAL")) return new ColumnBuffer<>(name, DOUBLES);
        if (t.matches("(U?)(TINYINT|SMALLINT|INTEGER|BIGINT)")) return new ColumnBuffer<>(name, LONGS);
        if (t.equals("BOOLEAN")) return new ColumnBuffer<>(name, BOOLS);
        if (t.equals("VARCHAR")) return new ColumnBuffer<>(name, STRINGS);
        throw new IllegalArgumentException("column '" + name + "' of " + file.getFileName() + " has type " + sqlType
                + ", which model steps cannot use; cast it to a number or text in a sql step (e.g. epoch(" + name
                + ") for a timestamp) or drop the column");
    }

    void add(ResultSet rs, int index) throws SQLException {
        if (size == length) {
            length = Math.max(FIRST, length * 2);
            values = kind.resize().copyOf(values, length);
        }
        kind.read().into(values, size, rs, index);
        if (rs.wasNull()) nulls.set(size);
        size++;
    }

    Column build() {
        return kind.build().of(name, kind.resize().copyOf(values, size), nulls);
    }
}
