package dev.sluice.ml.check;

import dev.sluice.ml.table.ColumnType;
import dev.sluice.ml.table.DuckSession;
import dev.sluice.ml.table.Schema;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Evaluates expectations with SQL over the view {@code t}, which holds the table plus its 1-based
 * row number {@code sluice_row}. Row-level expectations are judged on the column's non-null values.
 * One instance per step run; not thread-safe.
 *
 * @param rows the table's row count
 */
record ExpectEvaluator(DuckSession db, Schema schema, long rows) {
    static final String ROW = "sluice_row";
    private static final int EXAMPLES = 5;

    Outcome rows(Expectation.Rule rule) {
        Expectation.Rows r = (Expectation.Rows) rule.expectation();
        boolean ok = (r.min() < 0 || rows >= r.min()) && (r.max() < 0 || rows <= r.max());
        return Outcome.whole(rule, ok, Long.toString(rows), 0);
    }

    /**
     * The failed outcome {@code column.present} for a column the table does not have, naming those it has; its
     * severity is the strictest of the column's expectations.
     */
    Outcome missing(String column, List<Expectation.Rule> rules) {
        boolean warnOnly = rules.stream().allMatch(r -> r.severity() == dev.sluice.api.Check.Severity.WARN);
        Expectation.Rule present = new Expectation.Rule(column, new Expectation.Present(), 1,
                warnOnly ? dev.sluice.api.Check.Severity.WARN : dev.sluice.api.Check.Severity.ERROR);
        String observed = "no such column" + schema.closest(column).map(c -> " (did you mean '" + c + "'?)").orElse("");
        return Outcome.whole(present, false, observed, 0).withNote("the table has: " + String.join(", ", schema.names()));
    }

    Outcome evaluate(Expectation.Rule rule) throws SQLException {
        String column = rule.column();
        Schema.Field field = schema.find(column).orElseThrow();
        String c = DuckSession.ident(column);
        boolean numeric = field.type().isNumeric();
        Expectation e = rule.expectation();
        return switch (e) {
            case Expectation.Type t -> typeOutcome(rule, t, field);
            case Expectation.Nulls n -> nulls(rule, n, c);
            case Expectation.Min m when numeric ->
                    failing(rule, c, c + " < " + m.min(), show(scalar("min(" + c + ")" + notNan(field, c))));
            case Expectation.Max m when numeric ->
                    failing(rule, c, c + " > " + m.max() + nanGuard(field, c), show(scalar("max(" + c + ")" + notNan(field, c))));
            case Expectation.Min m -> notNumeric(rule, field);
            case Expectation.Max m -> notNumeric(rule, field);
            case Expectation.In in -> in(rule, in, c, numeric);
            case Expectation.Unique u -> unique(rule, c);
            case Expectation.Regex r -> failing(rule, c, c + " IS NOT NULL AND NOT regexp_full_match(CAST(" + c + " AS VARCHAR), "
                    + DuckSession.literal(r.pattern()) + ")", null);
            case Expectation.Finite f when field.type() == ColumnType.DOUBLE -> failing(rule, c, "isnan(" + c + ") OR isinf(" + c + ")", null);
            case Expectation.Finite f when field.type() == ColumnType.LONG -> Outcome.whole(rule, true, "integers", 0);
            case Expectation.Finite f -> notNumeric(rule, field);
            case Expectation.Rows r -> rows(rule);
            case Expectation.Present p -> Outcome.whole(rule, true, "present", 0);
        };
    }

    private Outcome typeOutcome(Expectation.Rule rule, Expectation.Type t, Schema.Field field) {
        String actual = switch (field.type()) {
            case LONG -> "int";
            case DOUBLE -> "double";
            case STRING -> "string";
            case BOOL -> "bool";
        };
        boolean ok = actual.equals(t.type()) || (t.type().equals("double") && field.type() == ColumnType.LONG);
        String observed = actual + (field.sqlType().equalsIgnoreCase(actual) ? "" : " (" + field.sqlType() + ")");
        return Outcome.whole(rule, ok, observed, rows);
    }

    private Outcome nulls(Expectation.Rule rule, Expectation.Nulls n, String c) throws SQLException {
        long count = (long) scalar("count(*) FILTER (WHERE " + c + " IS NULL)");
        boolean ok = n.isFraction() ? count <= n.limit() * rows : count <= n.limit();
        String observed = count + (n.isFraction() && rows > 0 ? String.format(java.util.Locale.ROOT, " (%.4f)", (double) count / rows) : "");
        return new Outcome(rule, observed, ok ? 0 : count, -1, ok ? List.of() : examples(c, c + " IS NULL"), ok, "");
    }

    private Outcome in(Expectation.Rule rule, Expectation.In in, String c, boolean numeric) throws SQLException {
        boolean allNumbers = numeric && in.values().stream().allMatch(v -> v.matches("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?"));
        String list = allNumbers ? String.join(", ", in.values())
                : in.values().stream().map(DuckSession::literal).collect(Collectors.joining(", "));
        String subject = allNumbers ? c : "CAST(" + c + " AS VARCHAR)";
        String pred = c + " IS NOT NULL AND " + subject + " NOT IN (" + list + ")";
        List<String> bad = db.queryStrings("SELECT DISTINCT CAST(" + c + " AS VARCHAR) AS v FROM t WHERE " + pred + " ORDER BY v LIMIT " + EXAMPLES);
        return failing(rule, c, pred, bad.isEmpty() ? "only allowed values" : "other values " + bad);
    }

    private Outcome unique(Expectation.Rule rule, String c) throws SQLException {
        String pred = c + " IN (SELECT " + c + " FROM t WHERE " + c + " IS NOT NULL GROUP BY " + c + " HAVING count(*) > 1)";
        long dupValues = db.queryLong("SELECT count(*) FROM (SELECT " + c + " FROM t WHERE " + c + " IS NOT NULL GROUP BY " + c + " HAVING count(*) > 1)");
        return failing(rule, c, pred, dupValues + " repeated values");
    }

    private Outcome notNumeric(Expectation.Rule rule, Schema.Field field) {
        return Outcome.whole(rule, false, "a " + field.type().label() + " column (" + field.sqlType() + "), not numeric", rows);
    }

    /** Counts the non-null rows matching {@code failing} among the non-null ones; {@code observed} null means "N failing rows". */
    private Outcome failing(Expectation.Rule rule, String c, String failing, String observed) throws SQLException {
        long count = db.queryLong("SELECT count(*) FROM t WHERE " + c + " IS NOT NULL AND (" + failing + ")");
        long judged = db.queryLong("SELECT count(" + c + ") FROM t");
        String obs = observed != null ? observed : count + (count == 1 ? " failing row" : " failing rows");
        return Outcome.byRows(rule, obs, count, judged, count == 0 ? List.of() : examples(c, c + " IS NOT NULL AND (" + failing + ")"));
    }

    private List<Outcome.Example> examples(String c, String failing) throws SQLException {
        List<Outcome.Example> out = new ArrayList<>();
        String sql = "SELECT " + ROW + ", CAST(" + c + " AS VARCHAR) FROM t WHERE " + failing + " ORDER BY " + ROW + " LIMIT " + EXAMPLES;
        try (Statement st = db.connection().createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) out.add(new Outcome.Example(rs.getLong(1), rs.getString(2)));
        }
        return out;
    }

    private double scalar(String aggregate) throws SQLException {
        try (Statement st = db.connection().createStatement(); ResultSet rs = st.executeQuery("SELECT CAST(" + aggregate + " AS DOUBLE) FROM t")) {
            rs.next();
            double v = rs.getDouble(1);
            return rs.wasNull() ? Double.NaN : v;
        }
    }

    private static String notNan(Schema.Field field, String c) {
        return field.type() == ColumnType.DOUBLE ? " FILTER (WHERE NOT isnan(" + c + "))" : "";
    }

    private static String nanGuard(Schema.Field field, String c) {
        return field.type() == ColumnType.DOUBLE ? " AND NOT isnan(" + c + ")" : "";
    }

    private static String show(double d) {
        return Double.isNaN(d) ? "no values" : Expectation.number(d);
    }
}
