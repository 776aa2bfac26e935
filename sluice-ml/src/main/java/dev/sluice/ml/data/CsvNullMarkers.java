package dev.sluice.ml.data;

import dev.sluice.api.Check;
import dev.sluice.ml.table.Column;
import dev.sluice.ml.table.Frame;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

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

    /** The suspects among the text columns of {@code frame}, in column order. */
    static List<Suspect> find(Frame frame) {
        List<Suspect> out = new ArrayList<>();
        CsvNumbers.DoubleResult number = new CsvNumbers.DoubleResult();
        for (Column c : frame.columns()) {
            if (!(c instanceof Column.Strings s)) continue;
            String marker = null;
            long markers = 0;
            long values = 0;
            boolean suspect = true;
            for (String v : s.values()) {
                if (v == null) continue;
                values++;
                if (marker != null && marker.equals(v)) {
                    markers++;
                    continue;
                }
                ByteBuffer bytes = ByteBuffer.wrap(v.getBytes(StandardCharsets.UTF_8));
                CsvNumbers.parseDouble(bytes, 0, bytes.limit(), number);
                if (number.ok) continue;
                if (marker != null || v.length() > MAX_LENGTH) {
                    suspect = false;
                    break;
                }
                marker = v;
                markers++;
            }
            if (suspect && marker != null && markers < values) out.add(new Suspect(c.name(), marker, markers, values));
        }
        return out;
    }
}
