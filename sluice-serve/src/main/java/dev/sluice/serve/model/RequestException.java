package dev.sluice.serve.model;

import java.util.Optional;

/**
 * A request the server refuses with 400: malformed JSON, or a row that does not match the model's input schema.
 * Carries the field, its expected type and the row index when they apply, so the response can name them.
 */
public final class RequestException extends RuntimeException {
    private final String field;
    private final String expected;
    private final int row;

    public RequestException(String message, String field, String expected, int row) {
        super(message, null, false, false);
        this.field = field;
        this.expected = expected;
        this.row = row;
    }

    /** A malformed body (no field involved). */
    public static RequestException malformed(String message) {
        return new RequestException(message, null, null, -1);
    }

    public Optional<String> field() {
        return Optional.ofNullable(field);
    }

    /** The expected type of {@link #field()}: {@code double}, {@code long}, {@code string} or {@code bool}. */
    public Optional<String> expected() {
        return Optional.ofNullable(expected);
    }

    /** The index of the offending row in {@code rows}, or -1 for a single-row request or a malformed body. */
    public int row() {
        return row;
    }
}
