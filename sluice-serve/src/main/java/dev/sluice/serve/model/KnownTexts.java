package dev.sluice.serve.model;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The first distinct short values of each text field, kept so that a repeated value (a category such as
 * {@code "Month-to-month"}) is read into the one shared {@code String} instead of a new one per request: no allocation,
 * and its hash is computed once for every later lookup (the encoder's, the prediction log's). Bounded: at most
 * {@value #MAX_PER_FIELD} values of at most {@value #MAX_LENGTH} chars per field; other values are new strings as
 * before. Thread-safe (copy-on-write per field).
 */
final class KnownTexts {
    private static final int MAX_PER_FIELD = 32;
    private static final int MAX_LENGTH = 64;

    private final AtomicReferenceArray<String[]> known;

    KnownTexts(int fields) {
        known = new AtomicReferenceArray<>(fields);
        for (int i = 0; i < fields; i++) known.set(i, new String[0]);
    }

    /** The text in {@code chars[offset, offset + length)} of field {@code field}: a known instance when there is one. */
    String text(int field, char[] chars, int offset, int length) {
        if (length > MAX_LENGTH) return new String(chars, offset, length);
        String[] values = known.get(field);
        for (String v : values) if (same(v, chars, offset, length)) return v;
        String s = new String(chars, offset, length);
        if (values.length < MAX_PER_FIELD) {
            String[] grown = Arrays.copyOf(values, values.length + 1);
            grown[values.length] = s;
            known.compareAndSet(field, values, grown); // lost to another thread: this value is learned next time
        }
        return s;
    }

    private static boolean same(String v, char[] chars, int offset, int length) {
        if (v.length() != length) return false;
        for (int i = 0; i < length; i++) if (v.charAt(i) != chars[offset + i]) return false;
        return true;
    }
}
