package dev.sluice.serve;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request row as the server parsed it, in the model's input schema order: for each input field its name, its
 * type ({@code double}, {@code long}, {@code string} or {@code bool}) and its value, or null when the request sent
 * {@code null}. Numbers and booleans are read as doubles ({@code true} = 1) without boxing; strings as text.
 *
 * <p>A view over buffers the server reuses: valid only during {@link PredictionSink#record}; call {@link #toMap()}
 * (or copy what you need) to keep it. Not thread-safe.
 */
public interface FeatureRow {
    /** The number of input fields. */
    int size();

    /** The name of field {@code i}. */
    String name(int i);

    /** The schema type of field {@code i}: {@code double}, {@code long}, {@code string} or {@code bool}. */
    String type(int i);

    /** True when the request sent {@code null} for field {@code i}. */
    boolean isNull(int i);

    /** The value of a numeric or boolean field ({@code NaN} when null). */
    double number(int i);

    /** The value of a string field ({@code null} when null or not a string field). */
    String text(int i);

    /** The value boxed: a {@code Double}, {@code Long}, {@code Boolean}, {@code String}, or null. */
    default Object value(int i) {
        if (isNull(i)) return null;
        return switch (type(i)) {
            case "string" -> text(i);
            case "long" -> (long) number(i);
            case "bool" -> number(i) != 0;
            default -> number(i);
        };
    }

    /** A copy of the row as an ordered map from field name to {@link #value(int)}. */
    default Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < size(); i++) m.put(name(i), value(i));
        return m;
    }
}
