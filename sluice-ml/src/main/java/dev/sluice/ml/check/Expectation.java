package dev.sluice.ml.check;

import dev.sluice.api.Check;
import dev.sluice.api.PipelineException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One expectation of the {@code expect} component about a column (or, for {@link Rows}, the whole
 * table), parsed from the pipeline file. {@link #label()} is how the report names it, e.g.
 * {@code "max 120"}; {@link #kind()} names its check ({@code age.max}) and {@link #expected()} says what should
 * hold ({@code <= 120}). Immutable and thread-safe.
 */
sealed interface Expectation {
    /** Expectations judged row by row, which {@code mostly} may relax. */
    Set<String> ROW_LEVEL = Set.of("min", "max", "in", "unique", "regex", "finite");

    /** The expectation as the report names it: {@code "max 120"}, {@code "in [yes, no]"}. */
    String label();

    /** The key that wrote it, and the last part of its check's name: {@code max}. */
    String kind();

    /** What should hold, as checks show it: {@code <= 120}. */
    String expected();

    /** The column's type is {@code int}, {@code double} (any number), {@code string} or {@code bool}. */
    record Type(String type) implements Expectation {
        public String label() { return "type " + type; }
        public String kind() { return "type"; }
        public String expected() { return type; }
    }

    /** At most {@code limit} nulls: a count when {@code limit} is 0 or at least 1, a fraction when between 0 and 1. */
    record Nulls(double limit) implements Expectation {
        public String label() { return "nulls " + number(limit); }
        public String kind() { return "nulls"; }
        public String expected() { return "<= " + number(limit) + (isFraction() ? " of rows" : ""); }
        boolean isFraction() { return limit > 0 && limit < 1; }
    }

    /** No value below {@code min} (NaN is left to {@link Finite}). */
    record Min(double min) implements Expectation {
        public String label() { return "min " + number(min); }
        public String kind() { return "min"; }
        public String expected() { return ">= " + number(min); }
    }

    /** No value above {@code max} (NaN is left to {@link Finite}). */
    record Max(double max) implements Expectation {
        public String label() { return "max " + number(max); }
        public String kind() { return "max"; }
        public String expected() { return "<= " + number(max); }
    }

    /** Every non-null value is one of {@code values} (compared as text, or as numbers on a numeric column). */
    record In(List<String> values) implements Expectation {
        public In { values = List.copyOf(values); }
        public String label() { return "in " + values; }
        public String kind() { return "in"; }
        public String expected() { return "in " + values; }
    }

    /** No non-null value occurs twice. */
    record Unique() implements Expectation {
        public String label() { return "unique"; }
        public String kind() { return "unique"; }
        public String expected() { return "unique"; }
    }

    /** Every non-null value, as text, matches {@code pattern} as a whole. */
    record Regex(String pattern) implements Expectation {
        public String label() { return "regex " + pattern; }
        public String kind() { return "regex"; }
        public String expected() { return "matches " + pattern; }
    }

    /** No NaN and no infinity. */
    record Finite() implements Expectation {
        public String label() { return "finite"; }
        public String kind() { return "finite"; }
        public String expected() { return "finite"; }
    }

    /** The column exists (implied by any expectation about it). */
    record Present() implements Expectation {
        public String label() { return "present"; }
        public String kind() { return "present"; }
        public String expected() { return "a column of the table"; }
    }

    /** The table has between {@code min} and {@code max} rows (either may be absent: -1). */
    record Rows(long min, long max) implements Expectation {
        public String label() {
            return min >= 0 && max >= 0 ? "rows between " + min + " and " + max : min >= 0 ? "rows min " + min : "rows max " + max;
        }
        public String kind() { return "rows"; }
        public String expected() {
            return min >= 0 && max >= 0 ? "between " + min + " and " + max : min >= 0 ? ">= " + min : "<= " + max;
        }
    }

    /**
     * An expectation with how it is judged: on {@code column} (empty for the table), passing when at least the
     * fraction {@code mostly} of the rows judged pass (1 for all), and what a failure does ({@code severity}).
     */
    record Rule(String column, Expectation expectation, double mostly, Check.Severity severity) {
        /** The check's name: {@code age.max}, {@code table.rows}. */
        String name() {
            return (column.isEmpty() ? "table" : column) + "." + expectation.kind();
        }

        /** What should hold, with {@code mostly} when it relaxes it: {@code <= 120 (mostly 0.99)}. */
        String expected() {
            return expectation.expected() + (mostly < 1 ? " (mostly " + number(mostly) + ")" : "");
        }
    }

    /**
     * Parses {@code {max: 120, nulls: 0, unique: true}} for {@code column}. {@code severity} and {@code mostly} at this
     * level apply to every expectation of the column ({@code mostly} to those judged row by row); an expectation may
     * set its own with the long form {@code max: {value: 120, mostly: 0.99, severity: warn}}.
     */
    static List<Rule> parse(String column, Map<?, ?> spec) {
        String where = "expect: column '" + column + "'";
        Check.Severity severity = spec.containsKey("severity") ? severity(spec.get("severity"), where) : Check.Severity.ERROR;
        double mostly = spec.containsKey("mostly") ? mostly(spec.get("mostly"), where) : 1;
        List<Rule> out = new ArrayList<>();
        for (Map.Entry<?, ?> e : spec.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (key.equals("severity") || key.equals("mostly")) continue;
            Object v = e.getValue();
            Check.Severity s = severity;
            double m = ROW_LEVEL.contains(key) ? mostly : 1;
            if (v instanceof Map<?, ?> form) {
                String at = where + ": " + key;
                unknownKeys(form, Set.of("value", "mostly", "severity"), at, "use value, mostly and severity");
                if (!form.containsKey("value")) throw new PipelineException(at + " needs a value, e.g. " + key + ": {value: ..., mostly: 0.99}");
                if (form.containsKey("severity")) s = severity(form.get("severity"), at);
                if (form.containsKey("mostly")) {
                    if (!ROW_LEVEL.contains(key)) {
                        throw new PipelineException(at + ": mostly applies to expectations judged row by row: min, max, in, unique, regex and finite");
                    }
                    m = mostly(form.get("mostly"), at);
                }
                v = form.get("value");
            }
            Optional<Expectation> x = expectation(key, v, where + ": " + key, column);
            if (x.isPresent()) out.add(new Rule(column, x.get(), m, s));
        }
        return out;
    }

    private static Optional<Expectation> expectation(String key, Object v, String where, String column) {
        return Optional.ofNullable(switch (key) {
            case "type" -> new Type(type(String.valueOf(v), where));
            case "nulls" -> new Nulls(nonNegative(v, where));
            case "min" -> new Min(number(v, where));
            case "max" -> new Max(number(v, where));
            case "in" -> new In(list(v, where));
            case "unique" -> flag(v, where) ? new Unique() : null;
            case "regex" -> new Regex(String.valueOf(v));
            case "finite" -> flag(v, where) ? new Finite() : null;
            default -> throw new PipelineException("expect: column '" + column + "': unknown expectation '" + key
                    + "'; use type, nulls, min, max, in, unique, regex or finite (and severity, mostly)");
        });
    }

    /** Parses {@code rows: {min: 100, max: 1000000, severity: warn}}. */
    static Rule parseRows(Map<?, ?> spec) {
        unknownKeys(spec, Set.of("min", "max", "severity"), "expect: rows", "use min, max and severity");
        long min = spec.containsKey("min") ? (long) nonNegative(spec.get("min"), "expect: rows: min") : -1;
        long max = spec.containsKey("max") ? (long) nonNegative(spec.get("max"), "expect: rows: max") : -1;
        Check.Severity severity = spec.containsKey("severity") ? severity(spec.get("severity"), "expect: rows") : Check.Severity.ERROR;
        return new Rule("", new Rows(min, max), 1, severity);
    }

    private static void unknownKeys(Map<?, ?> spec, Set<String> known, String where, String hint) {
        for (Object k : spec.keySet()) {
            if (!known.contains(String.valueOf(k))) throw new PipelineException(where + ": unknown key '" + k + "'; " + hint);
        }
    }

    private static Check.Severity severity(Object v, String where) {
        return switch (String.valueOf(v)) {
            case "error" -> Check.Severity.ERROR;
            case "warn", "warning" -> Check.Severity.WARN;
            default -> throw new PipelineException(where + ": severity must be error or warn, got '" + v + "'");
        };
    }

    private static double mostly(Object v, String where) {
        double d = number(v, where + ": mostly");
        if (!(d > 0 && d <= 1)) throw new PipelineException(where + ": mostly must be a fraction above 0 and at most 1, got " + number(d));
        return d;
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
