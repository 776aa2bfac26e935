package dev.sluice.ml.check;

import dev.sluice.ml.table.ColumnType;
import dev.sluice.ml.table.DuckSession;
import dev.sluice.ml.table.Schema;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Computes one column's entry of a profile (see {@link ProfileComponent} for the format) with SQL
 * over the view {@code t}. Not thread-safe: one per step run.
 */
final class ColumnProfiler {
    static final int TOP = 50;
    static final double[] PROBABILITIES = {0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1};
    /** 0, 0.01, ..., 1: the finer grid the drift monitor's Kolmogorov-Smirnov test reads. */
    static final double[] PERCENTILES = percentiles();

    private final DuckSession db;

    ColumnProfiler(DuckSession db) {
        this.db = db;
    }

    Map<String, Object> profile(Schema.Field field) throws SQLException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", typeName(field.type()));
        out.put("sql_type", field.sqlType());
        if (field.type().isNumeric()) numeric(field, out);
        else categorical(field, out);
        return out;
    }

    private void numeric(Schema.Field field, Map<String, Object> out) throws SQLException {
        String from = "(SELECT CAST(" + DuckSession.ident(field.name()) + " AS DOUBLE) AS x FROM t)";
        String finite = " FILTER (WHERE isfinite(x))";
        String sql = "SELECT count(x)" + finite + ", count(*) FILTER (WHERE x IS NULL), count(*) FILTER (WHERE isnan(x)),"
                + " count(*) FILTER (WHERE isinf(x)), min(x)" + finite + ", max(x)" + finite + ", avg(x)" + finite
                + ", stddev_samp(x)" + finite + ", quantile_cont(x, " + list(PROBABILITIES) + ")" + finite
                + ", quantile_cont(x, " + list(PERCENTILES) + ")" + finite + " FROM " + from;
        List<Double> quantiles = new ArrayList<>();
        List<Double> percentiles = new ArrayList<>();
        try (Statement st = db.connection().createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            out.put("count", rs.getLong(1));
            out.put("nulls", rs.getLong(2));
            out.put("nan", rs.getLong(3));
            out.put("infinite", rs.getLong(4));
            for (int i = 5; i <= 8; i++) out.put(new String[]{"min", "max", "mean", "std"}[i - 5], nullable(rs, i));
            if (rs.getArray(9) != null) {
                for (Object q : (Object[]) rs.getArray(9).getArray()) quantiles.add(((Number) q).doubleValue());
            }
            if (rs.getArray(10) != null) {
                for (Object q : (Object[]) rs.getArray(10).getArray()) percentiles.add(((Number) q).doubleValue());
            }
        }
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("probabilities", PROBABILITIES);
        q.put("values", quantiles);
        out.put("quantiles", q);
        out.put("histogram", histogram(from, quantiles));
        Map<String, Object> pct = new LinkedHashMap<>();
        pct.put("probabilities", PERCENTILES);
        pct.put("values", percentiles);
        out.put("percentiles", pct);
    }

    private Map<String, Object> histogram(String from, List<Double> quantiles) throws SQLException {
        List<Double> edges = new ArrayList<>(new TreeSet<>(quantiles));
        if (edges.size() == 1) edges.add(edges.getFirst());
        List<Long> counts = new ArrayList<>();
        if (!edges.isEmpty()) {
            List<String> bins = new ArrayList<>();
            for (int i = 0; i + 1 < edges.size(); i++) {
                boolean last = i + 2 == edges.size();
                bins.add("count(*) FILTER (WHERE x >= " + edges.get(i) + " AND x " + (last ? "<=" : "<") + " " + edges.get(i + 1) + ")");
            }
            try (Statement st = db.connection().createStatement();
                 ResultSet rs = st.executeQuery("SELECT " + String.join(", ", bins) + " FROM " + from)) {
                rs.next();
                for (int i = 1; i <= bins.size(); i++) counts.add(rs.getLong(i));
            }
        }
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("edges", edges);
        h.put("counts", counts);
        return h;
    }

    private void categorical(Schema.Field field, Map<String, Object> out) throws SQLException {
        String c = DuckSession.ident(field.name());
        long count;
        try (Statement st = db.connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT count(" + c + "), count(*) - count(" + c + "), count(DISTINCT " + c + ") FROM t")) {
            rs.next();
            count = rs.getLong(1);
            out.put("count", count);
            out.put("nulls", rs.getLong(2));
            out.put("distinct", rs.getLong(3));
        }
        List<Map<String, Object>> top = new ArrayList<>();
        long shown = 0;
        String sql = "SELECT CAST(" + c + " AS VARCHAR) AS v, count(*) AS n FROM t WHERE " + c + " IS NOT NULL"
                + " GROUP BY v ORDER BY n DESC, v LIMIT " + TOP;
        try (Statement st = db.connection().createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("value", rs.getString(1));
                f.put("count", rs.getLong(2));
                shown += rs.getLong(2);
                top.add(f);
            }
        }
        out.put("frequencies", top);
        out.put("other", count - shown);
    }

    private static Double nullable(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() || Double.isNaN(v) ? null : v;
    }

    private static String list(double[] probabilities) {
        List<String> ps = new ArrayList<>();
        for (double p : probabilities) ps.add(String.valueOf(p));
        return "[" + String.join(", ", ps) + "]";
    }

    private static double[] percentiles() {
        double[] p = new double[101];
        for (int i = 0; i <= 100; i++) p[i] = i / 100.0;
        return p;
    }

    static String typeName(ColumnType type) {
        return switch (type) {
            case LONG -> "int";
            case DOUBLE -> "double";
            case STRING -> "string";
            case BOOL -> "bool";
        };
    }
}
