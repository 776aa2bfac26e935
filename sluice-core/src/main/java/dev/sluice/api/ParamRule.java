package dev.sluice.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A dependency between parameters of a component, declared in its {@link ComponentSpec} so that {@code sluice validate}
 * reports a step that breaks it (with {@code FILE:LINE:COL}) before anything runs, and the component reference lists it.
 * The component's own code still checks what it needs at run time, for values that are only known then (a
 * {@code ${steps...}} reference).
 *
 * <pre>{@code
 * ComponentSpec.builder("split", "1")
 *         .param(...)
 *         .rule(ParamRule.requiredWhen("time_column", "method", "time"))
 *         .rule(ParamRule.exclusive("query", "file"))
 *         .rule(ParamRule.check("test + validation < 1", v -> ..., "test", "validation"))
 * }</pre>
 *
 * A parameter counts as <em>given</em> ({@link #given}) when it has a value that is not empty: the empty string, list or
 * map mean "not set", as the built-ins' defaults use them. Rules are values; thread-safe when their test is.
 */
public sealed interface ParamRule permits ParamRule.RequiredWhen, ParamRule.Exclusive, ParamRule.Check {
    /** The parameters the rule reads. */
    List<String> params();

    /** One line for people: {@code time_column is required when method is time}. */
    String describe();

    /**
     * What is wrong with these values, or empty when they keep the rule.
     *
     * @param values the step's typed parameter values, defaults included; a parameter absent from the map has no value
     */
    Optional<Violation> violation(Map<String, Object> values);

    /**
     * How a step breaks a rule.
     *
     * @param param   the parameter to point at
     * @param message what is wrong, one sentence without the step's name
     * @param hint    what to do; may be empty
     */
    record Violation(String param, String message, String hint) {
        public Violation {
            Objects.requireNonNull(param, "param");
            Objects.requireNonNull(message, "message");
            hint = hint == null ? "" : hint;
        }
    }

    /** {@code param} must be given when parameter {@code when} has one of {@code values}. */
    static RequiredWhen requiredWhen(String param, String when, String... values) {
        return new RequiredWhen(param, when, List.of(values));
    }

    /** At most one of {@code params} may be given. */
    static Exclusive exclusive(String... params) {
        return new Exclusive(List.of(params));
    }

    /**
     * Any other dependency: {@code test} receives the values of {@code params} (those that have one) and returns what is
     * wrong, or empty. It must be a pure function of those values.
     *
     * @param description one line for the component reference, e.g. {@code test + validation < 1}
     */
    static Check check(String description, Function<Map<String, Object>, Optional<String>> test, String... params) {
        return new Check(List.of(params), description, test);
    }

    /** True for a value that is set: not null, and not an empty (or blank) string, list or map. */
    static boolean given(Object value) {
        return switch (value) {
            case null -> false;
            case String s -> !s.isBlank();
            case Collection<?> c -> !c.isEmpty();
            case Map<?, ?> m -> !m.isEmpty();
            default -> true;
        };
    }

    /**
     * {@code param} is required when {@code when} is one of {@code values}, e.g. a split by time needs the time column.
     */
    record RequiredWhen(String param, String when, List<String> values) implements ParamRule {
        public RequiredWhen {
            Objects.requireNonNull(param, "param");
            Objects.requireNonNull(when, "when");
            values = List.copyOf(values);
            if (values.isEmpty()) throw new IllegalArgumentException("requiredWhen needs at least one value of " + when);
        }

        @Override
        public List<String> params() {
            return List.of(param, when);
        }

        @Override
        public String describe() {
            return param + " is required when " + when + " is " + String.join(" or ", values);
        }

        @Override
        public Optional<Violation> violation(Map<String, Object> v) {
            Object trigger = v.get(when);
            if (trigger == null || !values.contains(String.valueOf(trigger)) || given(v.get(param))) return Optional.empty();
            return Optional.of(new Violation(when, when + ": " + trigger + " needs parameter '" + param + "'",
                    "Add with: {" + param + ": VALUE}, or choose another " + when + "."));
        }
    }

    /** At most one of {@code params} is given, e.g. a query inline or from a file. */
    record Exclusive(List<String> params) implements ParamRule {
        public Exclusive {
            params = List.copyOf(params);
            if (params.size() < 2) throw new IllegalArgumentException("exclusive needs at least two parameters");
        }

        @Override
        public String describe() {
            return "at most one of " + String.join(", ", params);
        }

        @Override
        public Optional<Violation> violation(Map<String, Object> v) {
            List<String> set = new ArrayList<>();
            for (String p : params) if (given(v.get(p))) set.add(p);
            if (set.size() < 2) return Optional.empty();
            return Optional.of(new Violation(set.get(1), "parameters " + String.join(" and ", set) + " exclude each other",
                    "Give only one of " + String.join(", ", params) + "."));
        }
    }

    /** A dependency checked by a function of the values, described in one line. */
    record Check(List<String> params, String description, Function<Map<String, Object>, Optional<String>> test)
            implements ParamRule {
        public Check {
            params = List.copyOf(params);
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(test, "test");
            if (params.isEmpty()) throw new IllegalArgumentException("a check reads at least one parameter");
        }

        @Override
        public String describe() {
            return description;
        }

        @Override
        public Optional<Violation> violation(Map<String, Object> v) {
            Map<String, Object> read = new java.util.LinkedHashMap<>();
            for (String p : params) if (v.get(p) != null) read.put(p, v.get(p));
            return test.apply(read).map(message -> new Violation(params.getFirst(), message, ""));
        }
    }
}
