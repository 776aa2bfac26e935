package dev.sluice.ml.data;

import dev.sluice.api.PipelineException;
import dev.sluice.ml.table.DuckSession;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One malformed CSV line: its number in the file (the header is line 1), its raw text (kept only in the
 * {@code rejects} table, never in a message) and what is wrong with it, built from DuckDB's {@code store_rejects}
 * table (one row per error, several per line possible). Reasons name lines, fields and columns, never values.
 */
record CsvReject(long line, String raw, String reason) {
    private static final Pattern COUNT = Pattern.compile("Expected Number of Columns: (\\d+) Found: (\\d+)");
    private static final Pattern CAST_TYPE = Pattern.compile("to '([^']+)'\\s*$");
    private static final int SHOWN = 5;

    /**
     * The rejects of the only scan recorded in {@code table}, one per row, in file order, numbered by the line where
     * the row starts in {@code file} ({@link CsvLines}; DuckDB's own numbers count rows).
     */
    static List<CsvReject> collect(DuckSession db, String table, Path file) throws SQLException {
        // line_byte_position lies within the row (DuckDB counts it from 0 or 1 depending on the line ends)
        String sql = "SELECT min(line_byte_position), any_value(csv_line), list(error_type::VARCHAR ORDER BY column_idx), "
                + "list(error_message ORDER BY column_idx), list(column_name ORDER BY column_idx), list(column_idx ORDER BY column_idx) "
                + "FROM " + table + " GROUP BY line ORDER BY line";
        List<Long> starts = new ArrayList<>();
        List<CsvReject> out = new ArrayList<>();
        try (Statement st = db.connection().createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                starts.add(rs.getLong(1));
                out.add(new CsvReject(0, rs.getString(2), reason(list(rs, 3), list(rs, 4), list(rs, 5), list(rs, 6))));
            }
        }
        long[] lines = lines(file, starts);
        for (int i = 0; i < out.size(); i++) out.set(i, new CsvReject(lines[i], out.get(i).raw(), out.get(i).reason()));
        return out;
    }

    /** The lines of the 0-based byte {@code offsets} of {@code file}. */
    static long[] lines(Path file, List<Long> offsets) {
        try {
            return CsvLines.of(file, offsets.stream().mapToLong(Long::longValue).toArray());
        } catch (IOException e) {
            throw new PipelineException("csv: cannot read the file again to number its malformed lines: " + e.getClass().getSimpleName(), e);
        }
    }

    /** The message of a step that fails on malformed rows: the first few with file and line, and the fix. */
    static String failure(String file, List<CsvReject> rejects) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(SHOWN, rejects.size()); i++) {
            CsvReject r = rejects.get(i);
            if (i > 0) sb.append('\n');
            sb.append(file).append(':').append(r.line()).append(": ").append(r.reason());
        }
        if (rejects.size() > SHOWN) sb.append("\n... and ").append(rejects.size() - SHOWN).append(" more malformed rows");
        sb.append("\n  ").append(rejects.size()).append(rejects.size() == 1 ? " malformed row" : " malformed rows")
                .append(" in ").append(file).append(". Fix the file, force a column's type with columns: [\"name:string\"],")
                .append(" or set on_error: quarantine to send malformed rows to the 'rejects' output.");
        return sb.toString();
    }

    private static List<String> list(ResultSet rs, int column) throws SQLException {
        Object[] values = (Object[]) rs.getArray(column).getArray();
        List<String> out = new ArrayList<>(values.length);
        for (Object v : values) out.add(v == null ? null : v.toString());
        return out;
    }

    private static String reason(List<String> types, List<String> messages, List<String> columns, List<String> indexes) {
        List<String> parts = new ArrayList<>();
        long expected = -1;
        long found = -1;
        for (int i = 0; i < types.size(); i++) {
            String message = messages.get(i) == null ? "" : messages.get(i);
            String where = "column '" + columns.get(i) + "' (field " + indexes.get(i) + ")";
            Matcher count = COUNT.matcher(message);
            switch (types.get(i)) {
                case "MISSING COLUMNS", "TOO MANY COLUMNS" -> {
                    if (!count.find()) {
                        parts.add(types.get(i).toLowerCase(Locale.ROOT));
                        continue;
                    }
                    // DuckDB reports a short line once per missing column: the true count is the extreme one
                    long f = Long.parseLong(count.group(2));
                    expected = Long.parseLong(count.group(1));
                    found = found < 0 ? f : (f < expected ? Math.min(found, f) : Math.max(found, f));
                }
                case "CAST" -> {
                    Matcher type = CAST_TYPE.matcher(message);
                    parts.add(where + ": the value is not " + (type.find() ? article(type.group(1)) : "of the column's type"));
                }
                case "INVALID ENCODING" -> parts.add(where + ": the text is not valid UTF-8");
                case "LINE SIZE OVER MAXIMUM" -> parts.add("the line is longer than DuckDB's maximum line size");
                case "UNQUOTED VALUE" -> parts.add(where + ": " + CsvProblem.UNCLOSED_QUOTE);
                default -> parts.add(types.get(i).toLowerCase(Locale.ROOT));
            }
        }
        if (expected >= 0) parts.addFirst("expected " + expected + " fields, found " + found);
        return String.join("; ", parts);
    }

    private static String article(String type) {
        return (type.matches("(?i)[aeiou].*") ? "an " : "a ") + type;
    }
}
