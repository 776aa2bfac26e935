package dev.sluice.ml.data;

import dev.sluice.api.PipelineException;
import dev.sluice.api.StepContext;
import dev.sluice.ml.table.DuckSession;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The parameters of a split, checked, and the assignment of each row to a part
 * (0 train, 1 test, 2 validation). Part sizes follow {@link SplitSizes}.
 */
record SplitPlan(String method, double test, double validation, Optional<String> column, long seed) {
    static final byte TRAIN = 0;
    static final byte TEST = 1;
    static final byte VALIDATION = 2;

    static SplitPlan of(StepContext ctx) {
        double test = ctx.doubleParam("test");
        double validation = ctx.doubleParam("validation");
        if (test <= 0 || test >= 1) throw new PipelineException("split: test = " + test + " must be between 0 and 1 (exclusive)");
        if (test + validation >= 1) {
            throw new PipelineException("split: test + validation = " + (test + validation) + " leaves no rows for train; keep the sum below 1");
        }
        String method = ctx.stringParam("method");
        String key = switch (method) {
            case "stratified" -> "stratify";
            case "time" -> "time_column";
            default -> "";
        };
        Optional<String> column = key.isEmpty() ? Optional.empty() : ctx.optionalParam(key).map(String::valueOf);
        if (!key.isEmpty() && column.isEmpty()) {
            throw new PipelineException("split: method " + method + " needs parameter '" + key + "' naming a column");
        }
        return new SplitPlan(method, test, validation, column, ctx.intParam("seed"));
    }

    /** How the log names the method: {@code random, seed 7}, {@code ordered, by row order}, {@code time, by date}. */
    String describe() {
        return switch (method) {
            case "ordered" -> "ordered, by row order";
            case "time" -> "time, by " + column.orElseThrow();
            default -> method + ", seed " + seed;
        };
    }

    byte[] assign(DuckSession db, String source, int rows) throws SQLException {
        return switch (method) {
            case "stratified" -> stratified(db, source, rows);
            case "time" -> byTime(db, source, rows);
            case "ordered" -> inOrder(indices(rows), rows);
            default -> shuffled(new SplittableRandom(seed), rows);
        };
    }

    private byte[] stratified(DuckSession db, String source, int rows) throws SQLException {
        TreeMap<String, List<Integer>> groups = new TreeMap<>();
        String sql = "SELECT file_row_number, CAST(" + DuckSession.ident(column.orElseThrow()) + " AS VARCHAR) FROM " + source;
        try (Statement st = db.connection().createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                String v = rs.getString(2);
                groups.computeIfAbsent(v == null ? "\u0000null" : "v" + v, k -> new ArrayList<>()).add(rs.getInt(1));
            }
        }
        int[] sizes = groups.values().stream().mapToInt(List::size).toArray();
        int[] tests = SplitSizes.perGroup(SplitSizes.share(test, rows), sizes, new int[sizes.length]);
        int[] validations = SplitSizes.perGroup(SplitSizes.share(validation, rows), sizes, tests);
        byte[] parts = new byte[rows];
        SplittableRandom random = new SplittableRandom(seed);
        int g = 0;
        for (List<Integer> group : groups.values()) {
            int[] members = group.stream().mapToInt(Integer::intValue).toArray();
            shuffle(members, random);
            mark(members, parts, tests[g], validations[g]);
            g++;
        }
        return parts;
    }

    private byte[] byTime(DuckSession db, String source, int rows) throws SQLException {
        String col = DuckSession.ident(column.orElseThrow());
        long nulls = db.queryLong("SELECT count(*) FROM " + source + " WHERE " + col + " IS NULL");
        if (nulls > 0) {
            throw new PipelineException("split: time_column '" + column.get() + "' has " + nulls
                    + " null values, which have no place in time; filter or fill them first (e.g. a sql step)");
        }
        int[] order = new int[rows];
        int i = 0;
        try (Statement st = db.connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT file_row_number FROM " + source + " ORDER BY " + col + ", file_row_number")) {
            while (rs.next()) order[i++] = rs.getInt(1);
        }
        return inOrder(order, rows);
    }

    /** The last rows of {@code order} to test, the ones just before them to validation, the rest to train. */
    private byte[] inOrder(int[] order, int rows) {
        byte[] parts = new byte[rows];
        int nTest = SplitSizes.share(test, rows);
        int nVal = SplitSizes.share(validation, rows);
        for (int k = rows - nTest; k < rows; k++) parts[order[k]] = TEST;
        for (int k = Math.max(0, rows - nTest - nVal); k < rows - nTest; k++) parts[order[k]] = VALIDATION;
        return parts;
    }

    /** A seeded shuffle of all rows; the first test and validation shares go to those parts. */
    private byte[] shuffled(SplittableRandom random, int rows) {
        int[] order = indices(rows);
        shuffle(order, random);
        byte[] parts = new byte[rows];
        mark(order, parts, SplitSizes.share(test, rows), SplitSizes.share(validation, rows));
        return parts;
    }

    private static void mark(int[] rows, byte[] parts, int nTest, int nVal) {
        for (int k = 0; k < nTest && k < rows.length; k++) parts[rows[k]] = TEST;
        for (int k = nTest; k < nTest + nVal && k < rows.length; k++) parts[rows[k]] = VALIDATION;
    }

    /** Fisher-Yates, in place. */
    private static void shuffle(int[] rows, SplittableRandom random) {
        for (int i = rows.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = rows[i];
            rows[i] = rows[j];
            rows[j] = t;
        }
    }

    private static int[] indices(int rows) {
        int[] out = new int[rows];
        for (int i = 0; i < rows; i++) out[i] = i;
        return out;
    }
}
