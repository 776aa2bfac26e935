package dev.sluice.ml.table;

import dev.sluice.api.PipelineException;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The columns of a table, in order: name, logical {@link ColumnType} and the DuckDB type it came
 * from (for example {@code DECIMAL(10,2)} or {@code DATE}, both shown in messages). Read one from a
 * Parquet file without loading it with {@link TableIO#schema(java.nio.file.Path)}. Immutable and
 * thread-safe.
 */
public record Schema(List<Schema.Field> fields) {
    public Schema {
        fields = List.copyOf(fields);
    }

    /** One column: its name, logical type and DuckDB type. */
    public record Field(String name, ColumnType type, String sqlType) {
        public Field {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            sqlType = sqlType == null ? type.label() : sqlType;
        }
    }

    public List<String> names() {
        return fields.stream().map(Field::name).toList();
    }

    public int size() {
        return fields.size();
    }

    public Optional<Field> find(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /**
     * The field named {@code name}, or a {@link PipelineException} that says which table lacks it,
     * lists the columns there are and suggests the closest, e.g.
     * {@code "split: input 'data' has no column 'Churnn' (did you mean 'Churn'?); its columns are: a, b, Churn"}.
     *
     * @param where who asks and about which table, e.g. {@code "split: input 'data'"}
     */
    public Field require(String name, String where) {
        return find(name).orElseThrow(() -> new PipelineException(missing(name, where)));
    }

    /** The message {@link #require} throws, for callers that report rather than throw. */
    public String missing(String name, String where) {
        String hint = closest(name).map(c -> " (did you mean '" + c + "'?)").orElse("");
        return where + " has no column '" + name + "'" + hint + "; its columns are: " + String.join(", ", names());
    }

    /** Maps a DuckDB type name ({@code DESCRIBE} output) to the logical type it is read as. */
    public static ColumnType logicalType(String sqlType) {
        String t = sqlType.toUpperCase(Locale.ROOT);
        if (t.startsWith("DECIMAL") || t.equals("DOUBLE") || t.equals("FLOAT") || t.equals("REAL")) return ColumnType.DOUBLE;
        return switch (t) {
            case "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT",
                 "HUGEINT", "UHUGEINT" -> ColumnType.LONG;
            case "BOOLEAN" -> ColumnType.BOOL;
            default -> ColumnType.STRING;
        };
    }

    /** The column name closest to {@code name} (case-insensitive edit distance), if one is close enough to suggest. */
    public Optional<String> closest(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return names().stream()
                .filter(n -> distance(n.toLowerCase(Locale.ROOT), lower) <= Math.max(1, name.length() / 3))
                .min(Comparator.comparingInt(n -> distance(n.toLowerCase(Locale.ROOT), lower)));
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
