package dev.sluice.serve.model;

import java.util.Locale;

/** The type of an input field, as recorded in {@code model.json}'s {@code input_schema}. */
public enum FieldType {
    DOUBLE("a number"), LONG("an integer"), STRING("a string"), BOOL("true or false");

    private final String expected;
    private final String label; // computed once: label() is on the request path (the prediction log compares it)

    FieldType(String expected) {
        this.expected = expected;
        this.label = name().toLowerCase(Locale.ROOT);
    }

    /** {@code double}, {@code long}, {@code string}, {@code bool}. */
    public String label() {
        return label;
    }

    /** What a JSON value of this type looks like, for error messages. */
    public String expected() {
        return expected;
    }

    /** Parses a schema type; unknown types are refused with the known ones. */
    public static FieldType parse(String field, String type) {
        try {
            return valueOf(type.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("input field '" + field + "' has type '" + type
                    + "', which serving does not know (double, long, string, bool)", e);
        }
    }
}
