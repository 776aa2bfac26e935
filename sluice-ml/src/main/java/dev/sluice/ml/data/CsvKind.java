package dev.sluice.ml.data;

import dev.sluice.ml.table.ColumnType;

/** The storage kind of a column while {@link CsvLayout} cuts a file into fields; widens LONG → DOUBLE → TEXT. */
enum CsvKind {
    LONG, DOUBLE, TEXT;

    static CsvKind of(ColumnType t) {
        return switch (t) {
            case LONG -> LONG;
            case DOUBLE -> DOUBLE;
            case STRING, BOOL -> TEXT;
        };
    }

    static CsvKind wider(CsvKind a, CsvKind b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }

    Object newArray(int rows) {
        return switch (this) {
            case LONG -> new long[rows];
            case DOUBLE -> new double[rows];
            case TEXT -> new String[rows];
        };
    }
}
