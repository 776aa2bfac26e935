package dev.sluice.ml.check;

import dev.sluice.api.PipelineException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One expectation of the {@code expect} component about a column (or, for {@link Rows}, the whole
 * table), parsed from the pipeline file. {@link #label()} is how messages and the report name it,
 * e.g. {@code "max 120"}. Immutable and thread-safe.
 */
sealed interface Expectation {
    /** The expectation as shown in messages and the report: {@code "max 120"}, {@code "in [yes, no]"}. */
    String label();

    /** The column's type is {@code int}, {@code double} (any number), {@code string} or {@code bool}. */
    record Type(String type) implements Expectation {
        public String label() { return "type " + type; }
    }

    /** At most {@code limit} nulls: a count when {@code limit} is 0 or at least 1, a fraction when between 0 and 1. */
    record Nulls(double limit) implements Expectation {
        public String label() { return "nulls " + number(limit); }
        boolean isFraction() { return limit > 0 && limit < 1; }
    }

    /** No value below {@code min} (NaN is left to {@link Finite}). */
    record Min(double min) implements Expectation {
        public String label() { return "min " + number(min); }
    }

    /** No value above {@code max} (NaN is left to {@link Finite}). */
    record Max(double max) implements Expectation {
        public String label() { return "max " + number(max); }
    }

    /** Every non-null value is one of {@code values} (compared as text, or as numbers on a numeric column). */
    record In(List<String> values) implements Expectation {
        public In { values = List.copyOf(values); }
        public String label() { return "in " + values; }
    }

    /** No non-null value occurs twice. */
    record Unique() implements Expectation {
        public String label() { return "unique"; }
    }

    /** Every non-null value, as text, matches {@code pattern} as a whole. */
    record Regex(String pattern) implements Expectation {
        public String label() { return "regex " + pattern; }
    }

    /** No NaN and no infinity. */
    record Finite() implements Expectation {
        public String label() { return "finite"; }
    }

    /** The table has between {@code min} and {@code max} rows (either may be absent: -1). */
    record Rows(long min, long max) implements Expectation {
        public String label() {
            return min >= 0 && max >= 0 ? "rows between " + min + " and " + max : min >= 0 ? "rows min " + min : "rows max " + max;
        }
    }

    /** Parses {@code {max: 120, nulls: 0, unique: true}} for {@code column}. */
    static List<Expectation> parse(String column, Map<?, ?> spec) {
        List<Expectation> out = new ArrayList<>();
        for (Map.Entry<?, ?> e : spec.entrySet()) {
            String key = String.valueOf(e.getKey());
            Object v = e.getValue();
            String where = "expect: column '" + column + "': " + key;
            switch (key) {
                case "type" -> out.add(new Type(type(String.valueOf(v), where)));
                case "nulls" -> out.add(new Nulls(nonNegative(v, where)));
                case "min" -> out.add(new Min(number(v, where)));
                case "max" -> out.add(new Max(number(v, where)));
                case "in" -> out.add(new In(list(v, where)));
                case "unique" -> { if (flag(v, where)) out.add(new Unique()); }
                case "regex" -> out.add(new Regex(String.valueOf(v)));
                case "finite" -> { if (flag(v, where)) out.add(new Finite()); }
                default -> throw new PipelineException("expect: column '" + column + "': unknown expectation '" + key
                        + "'; use type, nulls, min, max, in, unique, regex or finite");
            }
        }
        return out;
    }

    /** Parses {@code rows: {min: 100, max: 1000000}}. */
    static Rows parseRows(Map<?, ?> spec) {
        long min = -1;
        long max = -1;
        for (Map.Entry<?, ?> e : spec.entrySet()) {
            String key = String.valueOf(e.getKey());
            long n = (long) nonNegative(e.getValue(), "expect: rows: " + key);
            switch (key) {
                case "min" -> min = n;
                case "max" -> max = n;
                default -> throw new PipelineException("expect: rows: unknown key '" + key + "'; use min and max");
            }
        }
        return new Rows(min, max);
    }

    private static String type(String t, String where) {
        return switch (t) {
            case "int", "integer", "long" -> "int";
            case "double", "float", "number" -> "double";
            case "string", "text" -> "string";
            case "bool", "boolean" -> "bool";
            default -> throw new PipelineException(where + " '" + t + "' is not a type; use int, double, string or bool");
        };
    }

    private static double number(Object v, String where) {
        if (v instanceof Number n) return n.doubleValue();
        try {
            return Double.parseDouble(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw new PipelineException(where + " must be a number, got '" + v + "'");
        }
    }

    private static double nonNegative(Object v, String where) {
        double d = number(v, where);
        if (d < 0) throw new PipelineException(where + " must not be negative, got " + number(d));
        return d;
    }

    private static boolean flag(Object v, String where) {
        if (v instanceof Boolean b) return b;
        if ("true".equalsIgnoreCase(String.valueOf(v)) || "false".equalsIgnoreCase(String.valueOf(v))) return Boolean.parseBoolean(String.valueOf(v));
        throw new PipelineException(where + " must be true or false, got '" + v + "'");
    }

    private static List<String> list(Object v, String where) {
        if (v instanceof List<?> l && !l.isEmpty()) return l.stream().map(String::valueOf).toList();
        throw new PipelineException(where + " must be a non-empty list, e.g. in: [yes, no]");
    }

    /** {@code 120} rather than {@code 120.0}. */
    static String number(double d) {
        return d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
    }
}
