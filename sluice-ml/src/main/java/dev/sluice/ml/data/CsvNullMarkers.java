package dev.sluice.ml.data;

import dev.sluice.api.Check;
import dev.sluice.ml.table.DuckSession;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Finds text columns that are numbers but for one repeated short word, such as {@code ?}, {@code -}, {@code NA} or
 * {@code missing}: that word is most likely how the file writes a missing value, and listing it in {@code nulls}
 * would make the column numeric. Numbers follow {@link CsvTyping}. Stateless.
 */
final class CsvNullMarkers {
    /** Longer words are taken for data, not markers (and are not repeated in the log). */
    static final int MAX_LENGTH = 16;

    private CsvNullMarkers() {
    }

    /** A likely missing-value marker: {@code rows} of {@code values} non-null values of {@code column} are {@code marker}. */
    record Suspect(String column, String marker, long rows, long values) {
        /** The warning for the step's log. */
        String warning(List<String> nulls) {
            return "column '" + column + "' holds numbers except '" + marker + "' in " + rows + " of " + values
                    + " rows, so it was read as text; " + fix(nulls);
        }

        /** The warning as a warn-only check of the step, {@code horsepower.null_marker}. */
        Check check(List<String> nulls) {
            return new Check(column + ".null_marker", false, "numbers or nulls", "'" + marker + "' in " + rows + " of " + values
                    + " rows", "read as text; " + fix(nulls), Check.Severity.WARN);
        }

        private String fix(List<String> nulls) {
            List<String> more = new ArrayList<>(nulls);
            more.add(marker);
            return "if '" + marker + "' means a missing value, list it in nulls: "
                    + more.stream().map(n -> "\"" + n.replace("\"", "\\\"") + "\"").toList();
        }
    }

    /**
     * The suspects among the text columns of table {@code data} in {@code db}, in column order. Each column is read
     * as a stream and left at its second distinct word, so a column of words costs a few rows.
     */
    static List<Suspect> find(DuckSession db, String table, List<String> textColumns) throws SQLException {
        List<Suspect> out = new ArrayList<>();
        for (String column : textColumns) {
            String c = DuckSession.ident(column);
            try (Statement st = db.connection().createStatement();
                 ResultSet rs = st.executeQuery("SELECT " + c + " FROM " + DuckSession.ident(table) + " WHERE " + c + " IS NOT NULL")) {
                find(column, new Iterator<>() {
                    private Boolean next;

                    @Override
                    public boolean hasNext() {
                        try {
                            if (next == null) next = rs.next();
                            return next;
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    }

                    @Override
                    public String next() {
                        if (!hasNext()) throw new NoSuchElementException();
                        next = null;
                        try {
                            return rs.getString(1);
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }).ifPresent(out::add);
            }
        }
        return out;
    }

    /** The column's marker, if its values (nulls skipped) are numbers but for one repeated short word. */
    private static Optional<Suspect> find(String column, Iterator<String> values) {
        CsvNumbers.DoubleResult number = new CsvNumbers.DoubleResult();
        String marker = null;
        long markers = 0;
        long count = 0;
        while (values.hasNext()) {
            String v = values.next();
            if (v == null) continue;
            count++;
            if (v.equals(marker)) {
                markers++;
                continue;
            }
            ByteBuffer bytes = ByteBuffer.wrap(v.getBytes(StandardCharsets.UTF_8));
            CsvNumbers.parseDouble(bytes, 0, bytes.limit(), number);
            if (number.ok) continue;
            if (marker != null || v.length() > MAX_LENGTH) return Optional.empty();
            marker = v;
            markers++;
        }
        return marker != null && markers < count ? Optional.of(new Suspect(column, marker, markers, count)) : Optional.empty();
    }
}
