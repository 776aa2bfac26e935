package dev.sluice.pipeline.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Immutable, order-keeping copies for the model's records. Empty and already-copied maps are shared,
 * not copied again, and maps of up to {@value SmallMap#MAX} entries become a {@link SmallMap}: a pipeline of a
 * million steps holds millions of these.
 */
public final class Copies {
    private static final Class<?> UNMODIFIABLE = Collections.unmodifiableMap(new LinkedHashMap<>()).getClass();

    private Copies() {
    }

    public static <K, V> Map<K, V> ordered(Map<K, V> m) {
        if (m == null || m.isEmpty()) return Map.of();
        if (m.getClass() == UNMODIFIABLE || m instanceof SmallMap) return m;
        if (m.size() <= SmallMap.MAX) return new SmallMap<>(m);
        return Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }
}
