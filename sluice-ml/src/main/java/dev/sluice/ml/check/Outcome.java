package dev.sluice.ml.check;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The result of one expectation: whether it held, what was observed, how many rows fail and up to
 * five of them (1-based row numbers in table order, with the failing value as text). Immutable.
 *
 * @param column empty for table-wide expectations ({@code rows})
 */
record Outcome(String column, String expectation, boolean passed, String observed, long failingRows, List<Example> examples) {
    /** The implicit expectation that a named column exists. */
    static final String PRESENT = "present";

    Outcome {
        examples = List.copyOf(examples);
    }

    /** A failing row: its number (1-based) and the value there ({@code null} for a null). */
    record Example(long row, String value) {}

    /** {@code column 'age': max 120 expected, observed 150 (3 rows fail, e.g. rows 17, 230, 981)}. */
    String message() {
        String subject = column.isEmpty() ? "table" : "column '" + column + "'";
        if (expectation.equals(PRESENT) && !passed) return subject + ": " + observed;
        StringBuilder sb = new StringBuilder(subject).append(": ").append(expectation).append(" expected, observed ").append(observed);
        if (failingRows > 0) {
            sb.append(" (").append(failingRows).append(failingRows == 1 ? " row fails" : " rows fail");
            if (!examples.isEmpty()) {
                sb.append(examples.size() == 1 ? ", e.g. row " : ", e.g. rows ")
                        .append(examples.stream().map(e -> String.valueOf(e.row())).collect(Collectors.joining(", ")));
            }
            sb.append(')');
        }
        return sb.toString();
    }
}
