package dev.sluice.ml.table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A table in memory: named columns of equal length, each a primitive array. Immutable by
 * convention (see {@link Column}); safe to share between threads for reading.
 */
public record Frame(List<Column> columns) {
    public Frame {
        columns = List.copyOf(columns);
        int rows = columns.isEmpty() ? 0 : columns.getFirst().size();
        Map<String, Column> seen = new LinkedHashMap<>();
        for (Column c : columns) {
            if (c.size() != rows) {
                throw new IllegalArgumentException("column '" + c.name() + "' has " + c.size() + " rows, expected " + rows);
            }
            if (seen.put(c.name(), c) != null) throw new IllegalArgumentException("duplicate column '" + c.name() + "'");
        }
    }

    public int rows() {
        return columns.isEmpty() ? 0 : columns.getFirst().size();
    }

    public List<String> names() {
        return columns.stream().map(Column::name).toList();
    }

    public Optional<Column> find(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The column, or an IllegalArgumentException naming the columns there are. */
    public Column column(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException(
                "no column '" + name + "'; the table has " + String.join(", ", names())));
    }

    /** The same columns restricted to {@code rows}, in that order. */
    public Frame take(int[] rows) {
        List<Column> out = new ArrayList<>(columns.size());
        for (Column c : columns) out.add(c.take(rows));
        return new Frame(out);
    }

    /** All columns but {@code name}. */
    public Frame without(String name) {
        return new Frame(columns.stream().filter(c -> !c.name().equals(name)).toList());
    }
}
