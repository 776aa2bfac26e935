package dev.sluice.monitor;

import dev.sluice.serve.FeatureRow;

import java.math.BigInteger;
import java.util.Map;

/**
 * A feature map (the public {@link PredictionLog#append(String, int, Map, double, String, java.time.Instant)} API) seen
 * as a {@link FeatureRow}: each value's type is read from the value: integral numbers {@code long}, other numbers
 * {@code double}, booleans {@code bool}, anything else (and null) {@code string}.
 */
final class MapRow implements FeatureRow {
    private final String[] names;
    private final String[] types;
    private final Object[] values;

    MapRow(Map<String, ?> map) {
        int n = map.size();
        names = new String[n];
        types = new String[n];
        values = new Object[n];
        int i = 0;
        for (Map.Entry<String, ?> e : map.entrySet()) {
            names[i] = e.getKey();
            values[i] = e.getValue();
            types[i] = typeOf(e.getValue());
            i++;
        }
    }

    private static String typeOf(Object v) {
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte || v instanceof BigInteger) return "long";
        if (v instanceof Number) return "double";
        if (v instanceof Boolean) return "bool";
        return "string";
    }

    @Override public int size() { return names.length; }

    @Override public String name(int i) { return names[i]; }

    @Override public String type(int i) { return types[i]; }

    @Override public boolean isNull(int i) { return values[i] == null; }

    @Override
    public double number(int i) {
        return switch (values[i]) {
            case Number n -> n.doubleValue();
            case Boolean b -> b ? 1 : 0;
            case null, default -> Double.NaN;
        };
    }

    @Override
    public String text(int i) {
        return values[i] == null ? null : String.valueOf(values[i]);
    }
}
