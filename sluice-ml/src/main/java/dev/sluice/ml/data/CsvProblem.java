package dev.sluice.ml.data;

/**
 * Where and why a CSV file cannot be read as it is: a line (the header is line 1, and a line break inside a quoted
 * field starts a new line, as in an editor), a field (1-based, 0 when the problem is not in one field), the byte
 * offset in the file (0-based: {@code tail -c +N+1} starts there), and what is wrong. Never holds the file's text, so
 * that it can be shown and logged (a file may hold secrets). Immutable.
 */
record CsvProblem(long line, int field, long byteOffset, String what) {
    /** A quote that opens a field and is never closed where the field should end. */
    static final String UNCLOSED_QUOTE = "a quoted field is not closed where it should end: a quote is missing,"
            + " or a quote inside the field is not doubled (\"\")";

    /** {@code data.csv:12: field 3 (byte 4711): a quoted field is never closed}. */
    String describe(String file) {
        return file + ":" + line + ": " + (field > 0 ? "field " + field + " " : "") + "(byte " + byteOffset + "): " + what;
    }

    /** The message of a step that stops here: where, what, and that quarantine cannot help (the rows after it are lost). */
    String failure(String file) {
        return "csv: " + describe(file) + ".\n  No reader can tell where the rows after it start, so on_error: quarantine"
                + " cannot set it aside: fix the file.";
    }
}
