package dev.sluice.serve.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a prediction request body straight into {@link RowValues} with Jackson's streaming parser (no tree, no
 * boxing of numbers): either one row as a JSON object, or {@code {"rows": [{...}, ...]}}. Checks every row against
 * the {@link InputSchema}:
 * <ul>
 *   <li>every schema field must be present; {@code null} is allowed and means "missing value" (imputed as in
 *       training, or left to XGBoost's missing-value branches);</li>
 *   <li>{@code double} takes any finite JSON number ({@code 1e400} is refused), {@code long} an integral number within
 *       the range of {@code long}, {@code bool} only {@code true}/{@code false}, {@code string} a JSON string; anything
 *       else is refused naming the field (and the row of a batch) and the expected type;</li>
 *   <li>fields the model does not know are ignored and reported back ({@link Parsed#unknown()}).</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class RowParser {
    /** The field that makes a body a batch. */
    public static final String ROWS = "rows";
    private static final int MAX_UNKNOWN = 20;
    /** How much of a refused number an error message repeats. */
    private static final int MAX_ECHOED = 40;
    private static final double TWO_TO_63 = 0x1p63;
    private static final String LONG_RANGE = "an integer from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(1 << 20).build())
            .build();

    private RowParser() {}

    /** The rows of one request, whether it was a batch, and the unknown field names it carried (at most 20). */
    public record Parsed(List<RowValues> rows, boolean batch, Set<String> unknown) {}

    /** Parses {@code body}; throws {@link RequestException} for a malformed body or a row that misses the schema. */
    public static Parsed parse(byte[] body, InputSchema schema) {
        try (JsonParser p = FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw RequestException.malformed("the body must be a JSON object: one row {\"field\": value, ...}"
                        + " or {\"rows\": [{...}, ...]}");
            }
            Set<String> unknown = new LinkedHashSet<>();
            RowValues single = new RowValues(schema);
            List<RowValues> batch = null;
            boolean rowsIsField = schema.indexOf(ROWS) >= 0;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (!rowsIsField && ROWS.equals(name) && v == JsonToken.START_ARRAY) {
                    batch = readRows(p, schema, unknown);
                } else {
                    readField(p, v, name, schema, single, unknown, -1);
                }
            }
            end(p, t);
            if (batch != null) {
                for (int i = 0; i < schema.size(); i++) {
                    if (single.present(i)) {
                        throw RequestException.malformed("the body has both \"rows\" and the field '" + schema.name(i)
                                + "'; send either one row object or {\"rows\": [...]}");
                    }
                }
                return new Parsed(batch, true, unknown);
            }
            requireAll(single, schema, -1);
            return new Parsed(List.of(single), false, unknown);
        } catch (StreamConstraintsException e) {
            throw RequestException.malformed("malformed JSON: " + e.getOriginalMessage().replaceFirst(", from `[^`]*`", ""));
        } catch (JsonParseException e) {
            throw RequestException.malformed("malformed JSON: " + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw RequestException.malformed("unreadable body: " + e.getMessage());
        }
    }

    private static void end(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.END_OBJECT) throw RequestException.malformed("malformed JSON: expected a field name or '}'");
        if (p.nextToken() != null) throw RequestException.malformed("malformed JSON: content after the closing '}'");
    }

    private static List<RowValues> readRows(JsonParser p, InputSchema schema, Set<String> unknown) throws IOException {
        List<RowValues> rows = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            int r = rows.size();
            if (t != JsonToken.START_OBJECT) {
                throw new RequestException("rows[" + r + "] must be a JSON object, got " + describe(t), null, null, r);
            }
            RowValues row = new RowValues(schema);
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                readField(p, p.nextToken(), name, schema, row, unknown, r);
            }
            if (t != JsonToken.END_OBJECT) throw RequestException.malformed("malformed JSON in rows[" + r + "]");
            requireAll(row, schema, r);
            rows.add(row);
        }
        return rows;
    }

    private static void readField(JsonParser p, JsonToken v, String name, InputSchema schema, RowValues row,
                                  Set<String> unknown, int r) throws IOException {
        int i = schema.indexOf(name);
        if (i < 0) {
            if (unknown.size() < MAX_UNKNOWN) unknown.add(name);
            p.skipChildren();
            return;
        }
        if (v == JsonToken.VALUE_NULL) {
            row.setNull(i);
            return;
        }
        FieldType type = schema.type(i);
        switch (type) {
            case DOUBLE -> {
                if (!v.isNumeric()) throw mistyped(name, type, v, r);
                double d = p.getDoubleValue();
                if (!Double.isFinite(d)) throw outOfRange(p, name, type, "a finite number", r);
                row.setNumber(i, d);
            }
            case LONG -> {
                if (!v.isNumeric()) throw mistyped(name, type, v, r);
                row.setNumber(i, integer(p, v, name, type, r));
            }
            case BOOL -> {
                if (v != JsonToken.VALUE_TRUE && v != JsonToken.VALUE_FALSE) throw mistyped(name, type, v, r);
                row.setNumber(i, v == JsonToken.VALUE_TRUE ? 1 : 0);
            }
            case STRING -> {
                if (v != JsonToken.VALUE_STRING) throw mistyped(name, type, v, r);
                row.setText(i, schema.text(i, p.getTextCharacters(), p.getTextOffset(), p.getTextLength()));
            }
        }
    }

    /**
     * The value of a {@code long} field: an integral JSON number within the range of {@code long} (as a float token,
     * {@code 12.0} or {@code 1e3}, it must be integral and below 2^63 in magnitude).
     */
    private static double integer(JsonParser p, JsonToken v, String name, FieldType type, int r) throws IOException {
        if (v == JsonToken.VALUE_NUMBER_INT) {
            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) throw outOfRange(p, name, type, LONG_RANGE, r);
            return p.getLongValue();
        }
        double d = p.getDoubleValue();
        if (!(d >= -TWO_TO_63 && d < TWO_TO_63)) throw outOfRange(p, name, type, LONG_RANGE, r);
        if (d != Math.rint(d)) {
            throw new RequestException(where(r) + "field '" + name + "' must be long (an integer), got " + p.getText(),
                    name, type.label(), r);
        }
        return d;
    }

    private static RequestException outOfRange(JsonParser p, String name, FieldType type, String expected, int r)
            throws IOException {
        String text = p.getText();
        if (text.length() > MAX_ECHOED) text = text.substring(0, MAX_ECHOED) + "... (" + text.length() + " characters)";
        return new RequestException(where(r) + "field '" + name + "' must be " + type.label() + " (" + expected + "), got "
                + text, name, type.label(), r);
    }

    private static void requireAll(RowValues row, InputSchema schema, int r) {
        List<String> missing = new ArrayList<>();
        int first = -1;
        for (int i = 0; i < schema.size(); i++) {
            if (!row.present(i)) {
                if (first < 0) first = i;
                missing.add("'" + schema.name(i) + "' (" + schema.type(i).label() + ")");
            }
        }
        if (first < 0) return;
        throw new RequestException(where(r) + "missing field" + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing)
                + "; send every input field of the model (null for an unknown value)",
                schema.name(first), schema.type(first).label(), r);
    }

    private static RequestException mistyped(String name, FieldType type, JsonToken got, int r) {
        return new RequestException(where(r) + "field '" + name + "' must be " + type.label() + " (" + type.expected()
                + "), got " + describe(got), name, type.label(), r);
    }

    private static String where(int r) {
        return r < 0 ? "" : "rows[" + r + "]: ";
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_NULL -> "null";
            default -> t.toString();
        };
    }
}
