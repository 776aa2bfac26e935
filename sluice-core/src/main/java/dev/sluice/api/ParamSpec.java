package dev.sluice.api;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A typed parameter of a component or a pipeline: type, default, bounds and allowed values.
 * {@link #validate(Object)} turns a raw value (from YAML, from {@code -p name=value}, from Java) into
 * the typed value, or explains in one sentence why it cannot: a double is always finite (no NaN or infinity)
 * and an int always fits a {@code long} (never rounded or clamped).
 *
 * @param defaultValue typed default; empty means the parameter is required unless {@code required} is false
 * @param allowed      allowed values for {@link ParamType#ENUM} (and any other type, compared as text)
 */
public record ParamSpec(String name, ParamType type, Optional<Object> defaultValue, Optional<Double> min,
                        Optional<Double> max, List<String> allowed, boolean required, String doc) {
    public ParamSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        defaultValue = defaultValue == null ? Optional.empty() : defaultValue;
        min = min == null ? Optional.empty() : min;
        max = max == null ? Optional.empty() : max;
        allowed = allowed == null ? List.of() : List.copyOf(allowed);
        doc = doc == null ? "" : doc;
    }

    public static ParamSpec of(String name, ParamType type) {
        return new ParamSpec(name, type, Optional.empty(), Optional.empty(), Optional.empty(), List.of(), true, "");
    }

    /** A parameter without a default that may be left out: the component then reads it as absent. */
    public static ParamSpec optional(String name, ParamType type) {
        return new ParamSpec(name, type, Optional.empty(), Optional.empty(), Optional.empty(), List.of(), false, "");
    }

    public static ParamSpec of(String name, ParamType type, Object defaultValue) {
        return new ParamSpec(name, type, Optional.of(defaultValue), Optional.empty(), Optional.empty(), List.of(), false, "");
    }

    public ParamSpec withBounds(Double min, Double max) {
        return new ParamSpec(name, type, defaultValue, Optional.ofNullable(min), Optional.ofNullable(max), allowed, required, doc);
    }

    public ParamSpec withAllowed(List<String> values) {
        return new ParamSpec(name, type, defaultValue, min, max, values, required, doc);
    }

    public ParamSpec withDoc(String text) {
        return new ParamSpec(name, type, defaultValue, min, max, allowed, required, text);
    }

    /**
     * Converts and checks a raw value.
     *
     * @throws IllegalArgumentException whose message says what was expected, e.g.
     *         {@code "max_depth must be an int, got 'deep'"} or {@code "max_depth = 40 is above the maximum 16"}
     */
    public Object validate(Object raw) {
        Object value = coerce(raw);
        if (value instanceof Number n) {
            double d = n.doubleValue();
            if (min.isPresent() && d < min.get()) {
                throw new IllegalArgumentException(name + " = " + value + " is below the minimum " + show(min.get()));
            }
            if (max.isPresent() && d > max.get()) {
                throw new IllegalArgumentException(name + " = " + value + " is above the maximum " + show(max.get()));
            }
        }
        if (!allowed.isEmpty() && !allowed.contains(String.valueOf(value))) {
            throw new IllegalArgumentException(name + " = '" + value + "' is not one of " + allowed);
        }
        return value;
    }

    private Object coerce(Object raw) {
        Objects.requireNonNull(raw, () -> name + " has no value");
        return switch (type) {
            case INT -> switch (raw) {
                case Integer i -> i.longValue();
                case Long l -> l;
                case Short i -> i.longValue();
                case Byte i -> i.longValue();
                case BigInteger b -> exactLong(new BigDecimal(b), raw);
                case BigDecimal b -> exactLong(b, raw);
                case Double d when Double.isFinite(d) -> exactLong(new BigDecimal(d), raw);
                case Float f when Float.isFinite(f) -> exactLong(new BigDecimal(f), raw);
                case String s -> parseLong(s);
                default -> throw wrongType(raw);
            };
            case DOUBLE -> switch (raw) {
                case Number n -> finite(n.doubleValue(), raw);
                case String s -> finite(parseDouble(s), raw);
                default -> throw wrongType(raw);
            };
            case BOOL -> switch (raw) {
                case Boolean b -> b;
                case String s when s.equalsIgnoreCase("true") -> true;
                case String s when s.equalsIgnoreCase("false") -> false;
                default -> throw wrongType(raw);
            };
            case STRING, ENUM, PATH -> switch (raw) {
                case String s -> s;
                case Number n -> String.valueOf(n);
                case Boolean b -> String.valueOf(b);
                default -> throw wrongType(raw);
            };
            case LIST -> switch (raw) {
                case List<?> l -> new ArrayList<Object>(l);
                case String s -> splitList(s);
                default -> throw wrongType(raw);
            };
            case MAP -> switch (raw) {
                case Map<?, ?> m -> new LinkedHashMap<Object, Object>(m);
                default -> throw wrongType(raw);
            };
        };
    }

    private long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            if (s.trim().matches("[+-]?[0-9]+")) throw outOfRange(s.trim());
            throw wrongType(s);
        }
    }

    /** An integral number as a {@code long}: never rounded, never clamped to the range. */
    private long exactLong(BigDecimal value, Object raw) {
        if (value.signum() != 0 && value.stripTrailingZeros().scale() > 0) throw wrongType(raw);
        if (value.compareTo(LONG_MIN) < 0 || value.compareTo(LONG_MAX) > 0) throw outOfRange(String.valueOf(raw));
        return value.longValueExact();
    }

    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private IllegalArgumentException outOfRange(String shown) {
        return new IllegalArgumentException(name + " = " + shown + " is out of range for an int (a 64-bit integer, "
                + Long.MIN_VALUE + " to " + Long.MAX_VALUE + ")");
    }

    /** NaN and the infinities are not values a parameter can take: every bound and comparison would pass or fail. */
    private double finite(double d, Object raw) {
        if (Double.isFinite(d)) return d;
        String shown = raw instanceof String s && !s.trim().equals(String.valueOf(d)) ? "'" + s + "' (" + d + ")" : String.valueOf(d);
        throw new IllegalArgumentException(name + " must be a finite number, got " + shown);
    }

    private double parseDouble(String s) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw wrongType(s);
        }
    }

    private static List<Object> splitList(String s) {
        List<Object> out = new ArrayList<>();
        for (String part : s.split(",")) {
            if (!part.isBlank()) out.add(part.trim());
        }
        return out;
    }

    private IllegalArgumentException wrongType(Object raw) {
        String article = type == ParamType.INT || type == ParamType.ENUM ? "an " : "a ";
        if (raw instanceof Map<?, ?>) raw = "a map";
        else if (raw instanceof List<?>) raw = "a list";
        String shown = raw instanceof String s && !s.equals("a map") && !s.equals("a list") ? "'" + s + "'" : String.valueOf(raw);
        return new IllegalArgumentException(name + " must be " + article + type.yamlName() + ", got " + shown);
    }

    private static String show(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
