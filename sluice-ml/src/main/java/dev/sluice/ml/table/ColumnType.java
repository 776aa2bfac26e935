package dev.sluice.ml.table;

import java.util.Locale;

/** The logical type of a column. */
public enum ColumnType {
    DOUBLE, LONG, STRING, BOOL;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isNumeric() {
        return this == DOUBLE || this == LONG;
    }
}
