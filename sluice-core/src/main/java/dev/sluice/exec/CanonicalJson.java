package dev.sluice.exec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.util.Collection;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Canonical JSON text of the plain values that cache keys and recorded step parameters are made of: maps with
 * string keys (entries sorted by key), collections, strings, booleans, null and finite {@code int}, {@code long},
 * {@code double} and {@code float} numbers. It writes exactly what {@link #JACKSON} (Jackson, entries
 * ordered by key) writes for them, so cache keys computed before stay valid, without Jackson's serializer
 * lookups on every step of a run (about a sixth of a cold worker thread's samples went there). Any other value (a
 * {@code BigDecimal}, a {@code Path}, a record, NaN) goes through Jackson whole. Stateless and thread-safe.
 */
final class CanonicalJson {
    /** Jackson with map entries ordered by key: what wrote cache keys before this class, and its fallback. */
    static final ObjectMapper JACKSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private CanonicalJson() {
    }

    /** The JSON text of {@code value}. */
    static String write(Object value) throws JsonProcessingException {
        if (!plain(value)) return JACKSON.writeValueAsString(value);
        StringBuilder out = new StringBuilder(64);
        append(out, value);
        return out.toString();
    }

    /**
     * True when every part of the value is one this class writes itself. (No pattern {@code switch} here or
     * below: each one spins a class at run time that the AOT cache cannot hold.)
     */
    static boolean plain(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Integer || v instanceof Long) return true;
        if (v instanceof Double d) return Double.isFinite(d);
        if (v instanceof Float f) return Float.isFinite(f);
        if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String) || !plain(e.getValue())) return false;
            }
            return true;
        }
        if (v instanceof Collection<?> c) {
            for (Object item : c) {
                if (!plain(item)) return false;
            }
            return true;
        }
        return false;
    }

    private static void append(StringBuilder out, Object v) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof String s) {
            string(out, s);
        } else if (v instanceof Map<?, ?> m) {
            Map<?, ?> sorted = m instanceof SortedMap<?, ?> ? m : new TreeMap<>(m); // Jackson keeps a sorted map's order
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : sorted.entrySet()) {
                if (!first) out.append(',');
                first = false;
                string(out, (String) e.getKey());
                out.append(':');
                append(out, e.getValue());
            }
            out.append('}');
        } else if (v instanceof Collection<?> c) {
            out.append('[');
            boolean first = true;
            for (Object item : c) {
                if (!first) out.append(',');
                first = false;
                append(out, item);
            }
            out.append(']');
        } else {
            out.append(v); // Boolean, Integer, Long and finite Double/Float: toString, as Jackson writes them
        }
    }

    /** A JSON string with Jackson's default escapes: quote, backslash and control characters only. */
    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    else out.append(c);
                }
            }
        }
        out.append('"');
    }
}
