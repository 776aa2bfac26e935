package dev.sluice.ml.data;

import dev.sluice.ml.table.ColumnType;

import java.util.List;
import java.util.Map;

/**
 * How a {@link CsvParser} reads a file: the field delimiter, the quote character (a quoted field may hold
 * delimiters and line breaks; a quote inside it is doubled), whether the first line is a header, the texts that
 * mean "missing", and columns whose type is forced instead of inferred.
 *
 * @param forced column name → type; only the types a {@code Frame} holds without conversion
 *               (LONG, DOUBLE, STRING); other forced types make {@link FastCsv} decline the file
 */
public record CsvOptions(char delimiter, char quote, boolean header, List<String> nulls, Map<String, ColumnType> forced) {
    public CsvOptions {
        nulls = List.copyOf(nulls);
        forced = Map.copyOf(forced);
    }

    /** With the usual quote, {@code "}. */
    public CsvOptions(char delimiter, boolean header, List<String> nulls, Map<String, ColumnType> forced) {
        this(delimiter, '"', header, nulls, forced);
    }

    /** Comma, a header line, the csv component's default nulls, nothing forced. */
    public static CsvOptions defaults() {
        return new CsvOptions(',', true, List.of("", "NA", "N/A", "null"), Map.of());
    }
}
