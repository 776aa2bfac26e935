package dev.sluice.ml.data;

/**
 * How the {@code csv} component types a column, written down once: DuckDB's {@code read_csv} ({@link DuckCsv}) with
 * the type candidates {@link #DUCKDB_CANDIDATES}, its sniffer run again over every row when a value past its sample
 * did not fit, then {@link #promoteBooleansSql}. Pinned by {@code CsvTypingTest}.
 *
 * <ul>
 *   <li><b>null</b>: a field whose text is exactly one of the step's {@code nulls} (default {@code "", NA, N/A,
 *       null}), quoted or not. {@code ""} quoted is empty, hence null with the default list.</li>
 *   <li><b>int</b> (BIGINT): an optional {@code -} (a leading {@code +} makes text), digits that fit in 64 bits,
 *       and no leading zero before another digit unless negative ({@code 007} is text: zip codes, identifiers).</li>
 *   <li><b>double</b>: the same sign and leading-zero rules, digits with an optional fraction ({@code .5} and
 *       {@code 5.} too) and exponent, integers too large for 64 bits, {@code nan}, {@code inf}, {@code infinity}
 *       in any case. A column of ints and doubles is double.</li>
 *   <li><b>bool</b>: a column whose values are all {@code true} or {@code false} in any case; other words
 *       ({@code Yes}/{@code No}, {@code 0}/{@code 1}) keep their type, so labels keep their spelling.</li>
 *   <li><b>date</b>, <b>timestamp</b>: as DuckDB's sniffer detects them.</li>
 *   <li>DuckDB's quirks, kept as they are: a column whose first value is written {@code inf} or {@code infinity} is
 *       a DATE (DuckDB's infinite date) or, with other values, text; {@code 0x1F} and {@code 0b101} are integers in
 *       an integer column; a number with spaces around is typed by the order of the values ({@code "12 "} is an
 *       integer, {@code "1.5 "} text).</li>
 *   <li><b>text</b> (VARCHAR): anything else, and a column with no value at all.</li>
 * </ul>
 * A column takes the narrowest type that holds every one of its values (not a sample). A type forced with
 * {@code columns} holds instead; a value that does not parse as it is a malformed row. Stateless.
 */
final class CsvTyping {
    /** DuckDB's type candidates: BOOLEAN is left out (DuckDB would read Yes/No as booleans); see {@link #promoteBooleansSql}. */
    static final String DUCKDB_CANDIDATES = "['BIGINT', 'DOUBLE', 'DATE', 'TIMESTAMP', 'VARCHAR']";

    private CsvTyping() {
    }

    /** The aggregate that is true when a text column holds only true/false (any case) and at least one value. */
    static String promoteBooleansSql(String quotedColumn) {
        return "coalesce(bool_and(lower(" + quotedColumn + ") IN ('true', 'false')), false)";
    }
}
