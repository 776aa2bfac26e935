package dev.sluice.monitor;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One shared instance per distinct short string (categories such as {@code "Month-to-month"}): a logged row then
 * keeps no string of its request alive, so waiting rows hold no young objects that every collection would copy.
 * Bounded: past {@value #MAX_CANONICAL} distinct strings (free text, ids) strings are kept as they come. Thread-safe.
 */
final class CanonicalStrings {
    private static final int MAX_CANONICAL = 10_000;
    private static final int MAX_CANONICAL_LENGTH = 64;

    private final Map<String, String> canonical = new ConcurrentHashMap<>();

    String canonical(String s) {
        if (s == null || s.length() > MAX_CANONICAL_LENGTH) return s;
        String known = canonical.get(s);
        if (known != null) return known;
        if (canonical.size() >= MAX_CANONICAL) return s;
        known = canonical.putIfAbsent(s, s);
        return known == null ? s : known;
    }
}
