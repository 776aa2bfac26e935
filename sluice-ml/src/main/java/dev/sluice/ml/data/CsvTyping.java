package dev.sluice.ml.data;

import dev.sluice.ml.table.Column;

import java.util.BitSet;
import java.util.regex.Pattern;

/**
 * How the {@code csv} component types a column: the one rule both readers follow, {@link FastCsv} in Java and
 * {@link DuckCsv} through DuckDB's {@code read_csv} (its sniffer with the candidates {@link #DUCKDB_CANDIDATES},
 * over every row when a sample misled it, then {@link #promoteBooleansSql}). Tested by {@code CsvReadersAgreeTest}.
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
 *   <li><b>date</b>, <b>timestamp</b>: as DuckDB's sniffer detects them; the Java parser hands any column whose first
 *       value looks like a date ({@link #looksTemporal}) to DuckDB.</li>
 *   <li>DuckDB's quirks: a column whose first value is written {@code inf} or {@code infinity} is a DATE (DuckDB's
 *       infinite date) or, with other values, text; the Java parser hands it to DuckDB. Where DuckDB's type depends
 *       on the order of the values, the Java parser hands the file to DuckDB too: a column
 *       holding {@code 0x1F} or {@code 0b101} (integers in an integer column, a reject in a double one), or a number
 *       with spaces around ({@code "12 "} is an integer, {@code "1.5 "} text, {@code "13 "} after {@code 1.5} text
 *       but before it a double) ({@link #needsDuckDb}).</li>
 *   <li><b>text</b> (VARCHAR): anything else, and a column with no value at all.</li>
 * </ul>
 * A column takes the narrowest type that holds every one of its values (not a sample). A type forced with
 * {@code columns} holds instead; a value that does not parse as it is a malformed row. Stateless.
 */
final class CsvTyping {
    /** DuckDB's type candidates: BOOLEAN is left out (DuckDB would read Yes/No as booleans); see {@link #promoteBooleansSql}. */
    static final String DUCKDB_CANDIDATES = "['BIGINT', 'DOUBLE', 'DATE', 'TIMESTAMP', 'VARCHAR']";

    /** A date in one of the layouts DuckDB's sniffer tries (year, month, day in some order, then maybe a time). */
    private static final Pattern DATE_LIKE = Pattern.compile("\\d{1,4}[-/.]\\d{1,2}[-/.]\\d{1,4}([ T].*)?");

    private CsvTyping() {
    }

    /** The aggregate that is true when a text column holds only true/false (any case) and at least one value. */
    static String promoteBooleansSql(String quotedColumn) {
        return "coalesce(bool_and(lower(" + quotedColumn + ") IN ('true', 'false')), false)";
    }

    /**
     * Whether DuckDB's sniffer may make the column DATE or TIMESTAMP: its first value looks like a date, or is written
     * {@code inf} or {@code infinity} (DuckDB's infinite date; a column of only those is a DATE column there).
     */
    static boolean looksTemporal(String[] values) {
        for (String v : values) {
            if (v == null) continue;
            String s = v.strip();
            String unsigned = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
            return DATE_LIKE.matcher(s).matches() || unsigned.equalsIgnoreCase("inf") || unsigned.equalsIgnoreCase("infinity");
        }
        return false;
    }

    /**
     * Whether only DuckDB can type a text column of the Java parser: a value is a hexadecimal or binary integer
     * ({@code 0x1F}, {@code 0B101}), or a number with spaces or tabs around.
     */
    static boolean needsDuckDb(String[] values) {
        for (String v : values) {
            if (v == null || v.isEmpty()) continue;
            char first = v.charAt(0);
            char last = v.charAt(v.length() - 1);
            boolean padded = first == ' ' || first == '\t' || last == ' ' || last == '\t';
            if (padded && CsvNumbers.isNumber(v.strip())) return true;
            if (first == '0' || padded) {
                String s = v.strip();
                if (s.length() >= 3 && s.charAt(0) == '0' && isRadixInteger(s)) return true;
            }
        }
        return false;
    }

    private static boolean isRadixInteger(String s) {
        char radix = Character.toLowerCase(s.charAt(1));
        if (radix != 'x' && radix != 'b') return false;
        for (int i = 2; i < s.length(); i++) {
            boolean digit = radix == 'x' ? Character.digit(s.charAt(i), 16) >= 0 : s.charAt(i) == '0' || s.charAt(i) == '1';
            if (!digit) return false;
        }
        return true;
    }

    /**
     * A text column of the Java parser typed by the rule: bool for true/false only, else text; null when only DuckDB
     * can type it (it may hold dates, or, when the parser saw a field that {@code maybeOrderTyped}, numbers that
     * DuckDB types by their order). Looking at every value of a large column costs a cache miss per value, hence the flag.
     */
    static Column textColumn(String name, String[] values, boolean forced, boolean maybeOrderTyped) {
        if (forced) return new Column.Strings(name, values);
        if (looksTemporal(values) || (maybeOrderTyped && needsDuckDb(values))) return null;
        Column.Bools bools = asBooleans(name, values);
        return bools != null ? bools : new Column.Strings(name, values);
    }

    /** Text holding only true/false (any case, at least one value) as booleans, else null. */
    private static Column.Bools asBooleans(String name, String[] values) {
        boolean any = false;
        for (String v : values) {
            if (v == null) continue;
            if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) return null;
            any = true;
        }
        if (!any) return null;
        boolean[] out = new boolean[values.length];
        BitSet nulls = new BitSet();
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) nulls.set(i);
            else out[i] = values[i].equalsIgnoreCase("true");
        }
        return new Column.Bools(name, out, nulls);
    }
}
