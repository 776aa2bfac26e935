package dev.sluice.ml.model;

import dev.sluice.ml.table.Column;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Locale;

/** Collects one result-set column into a primitive {@link Column}. Not thread-safe. */
abstract sealed class ColumnBuffer {
    final String name;
    final BitSet nulls = new BitSet();
    int size;

    ColumnBuffer(String name) {
        this.name = name;
    }

    static ColumnBuffer of(String name, String sqlType, Path file) {
        String t = sqlType.toUpperCase(Locale.ROOT);
        if (t.startsWith("DECIMAL") || t.equals("DOUBLE") || t.equals("FLOAT") || t.equals("REAL")) return new Doubles(name);
        if (t.matches("(U?)(TINYINT|SMALLINT|INTEGER|BIGINT)")) return new Longs(name);
        if (t.equals("BOOLEAN")) return new Bools(name);
        if (t.equals("VARCHAR")) return new Strings(name);
        throw new IllegalArgumentException("column '" + name + "' of " + file.getFileName() + " has type " + sqlType
                + ", which model steps cannot use; cast it to a number or text in a sql step (e.g. epoch(" + name
                + ") for a timestamp) or drop the column");
    }

    final void add(ResultSet rs, int index) throws SQLException {
        grow();
        read(rs, index);
        if (rs.wasNull()) nulls.set(size);
        size++;
    }

    abstract void grow();

    abstract void read(ResultSet rs, int index) throws SQLException;

    abstract Column build();

    static int capacity(int length, int size) {
        return size < length ? length : Math.max(16, length * 2);
    }

    static final class Doubles extends ColumnBuffer {
        double[] v = new double[16];
        Doubles(String name) { super(name); }
        void grow() { v = Arrays.copyOf(v, capacity(v.length, size)); }
        void read(ResultSet rs, int i) throws SQLException { v[size] = rs.getDouble(i); }
        Column build() { return new Column.Doubles(name, Arrays.copyOf(v, size), nulls); }
    }

    static final class Longs extends ColumnBuffer {
        long[] v = new long[16];
        Longs(String name) { super(name); }
        void grow() { v = Arrays.copyOf(v, capacity(v.length, size)); }
        void read(ResultSet rs, int i) throws SQLException { v[size] = rs.getLong(i); }
        Column build() { return new Column.Longs(name, Arrays.copyOf(v, size), nulls); }
    }

    static final class Bools extends ColumnBuffer {
        boolean[] v = new boolean[16];
        Bools(String name) { super(name); }
        void grow() { v = Arrays.copyOf(v, capacity(v.length, size)); }
        void read(ResultSet rs, int i) throws SQLException { v[size] = rs.getBoolean(i); }
        Column build() { return new Column.Bools(name, Arrays.copyOf(v, size), nulls); }
    }

    static final class Strings extends ColumnBuffer {
        String[] v = new String[16];
        Strings(String name) { super(name); }
        void grow() { v = Arrays.copyOf(v, capacity(v.length, size)); }
        void read(ResultSet rs, int i) throws SQLException { v[size] = rs.getString(i); }
        Column build() { return new Column.Strings(name, Arrays.copyOf(v, size)); }
    }
}
