package dev.sluice.ml.check;

import dev.sluice.api.Check;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The result of one expectation ({@link Expectation.Rule}): what was observed, how many of the rows judged fail
 * and up to five of them (1-based row numbers in table order, with the failing value as text), and whether that
 * is few enough: none, or, with {@code mostly}, at most the share it allows. Immutable.
 *
 * @param judged the rows the expectation was judged on (a row-level one skips nulls)
 * @param held   for an expectation not judged row by row ({@code judged < 0}), whether it held
 * @param note   more for the reader after the failing rows, e.g. the columns a table has; empty for none
 */
record Outcome(Expectation.Rule rule, String observed, long failingRows, long judged, List<Example> examples, boolean held,
               String note) {
    Outcome {
        examples = List.copyOf(examples);
    }

    /** A failing row: its number (1-based) and the value there ({@code null} for a null). */
    record Example(long row, String value) {}

    /** An outcome judged row by row: {@code failingRows} of {@code judged} rows fail. */
    static Outcome byRows(Expectation.Rule rule, String observed, long failingRows, long judged, List<Example> examples) {
        return new Outcome(rule, observed, failingRows, judged, examples, false, "");
    }

    /** An outcome that holds or not as a whole (a type, a row count); {@code failingRows} is for the reader. */
    static Outcome whole(Expectation.Rule rule, boolean held, String observed, long failingRows) {
        return new Outcome(rule, observed, held ? 0 : failingRows, -1, List.of(), held, "");
    }

    /** The same outcome with {@code note} after its failing rows. */
    Outcome withNote(String text) {
        return new Outcome(rule, observed, failingRows, judged, examples, held, text);
    }

    /** Whether the expectation held: no failing row, or (with {@code mostly}) at least that share of the judged rows passing. */
    boolean passed() {
        if (judged < 0) return held;
        if (failingRows == 0) return true;
        if (rule.mostly() >= 1 || judged == 0) return false;
        return judged - failingRows >= needed();
    }

    /** The rows that must pass under {@code mostly}: the ceiling of mostly × judged, the fraction as written. */
    private long needed() {
        return new BigDecimal(Double.toString(rule.mostly())).multiply(BigDecimal.valueOf(judged))
                .setScale(0, RoundingMode.CEILING).longValueExact();
    }

    String column() {
        return rule.column();
    }

    /**
     * {@code 3 rows fail, e.g. rows 17, 230, 981}, with what {@code mostly} allows when it is set, then the note; empty
     * when no row fails and there is no note.
     */
    String details() {
        String rows = failingRowsText();
        return rows.isEmpty() ? note : note.isEmpty() ? rows : rows + "; " + note;
    }

    private String failingRowsText() {
        if (failingRows == 0) return "";
        StringBuilder sb = new StringBuilder();
        if (rule.mostly() < 1 && judged > 0) {
            sb.append(failingRows).append(" of ").append(judged).append(judged == 1 ? " row fails" : " rows fail")
                    .append(String.format(Locale.ROOT, " (%.2f%%); mostly %s needs %d to pass", 100.0 * failingRows / judged,
                            Expectation.number(rule.mostly()), needed()));
        } else {
            sb.append(failingRows).append(failingRows == 1 ? " row fails" : " rows fail");
        }
        if (!examples.isEmpty()) {
            sb.append(examples.size() == 1 ? ", e.g. row " : ", e.g. rows ")
                    .append(examples.stream().map(e -> String.valueOf(e.row())).collect(Collectors.joining(", ")));
        }
        return sb.toString();
    }

    /** The outcome as a check of the step ({@code age.max}, {@code <= 120}, observed, details, severity). */
    Check toCheck() {
        return new Check(rule.name(), passed(), rule.expected(), observed, details(), rule.severity());
    }

    /** {@code column 'age': max 120 expected, observed 150 (3 rows fail, e.g. rows 17, 230, 981)}, for the step's log. */
    String message() {
        String subject = column().isEmpty() ? "table" : "column '" + column() + "'";
        if (rule.expectation() instanceof Expectation.Present) return subject + ": " + observed + "; " + note;
        String mostly = rule.mostly() < 1 ? " (mostly " + Expectation.number(rule.mostly()) + ")" : "";
        String line = subject + ": " + rule.expectation().label() + mostly + " expected, observed " + observed;
        String details = details();
        return details.isEmpty() ? line : line + " (" + details + ")";
    }
}
