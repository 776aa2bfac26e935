package dev.sluice.fault;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One injected fault, {@code POINT[:N]}: it fires the {@code N}-th time (1 when left out) the named point is reached.
 * Thread-safe: hits are counted atomically, so exactly one caller sees the N-th hit.
 */
record FaultSpec(String point, long hit, AtomicLong hits) {
    /**
     * The fault named by the system property {@code property} or else the environment variable {@code env}, or empty
     * when neither is set.
     *
     * @throws IllegalArgumentException when the value is not {@code POINT[:N]} with {@code N >= 1}
     */
    static Optional<FaultSpec> configured(String property, String env) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) value = System.getenv(env);
        if (value == null || value.isBlank()) return Optional.empty();
        return Optional.of(parse(value.strip(), env));
    }

    static FaultSpec parse(String value, String env) {
        int colon = value.lastIndexOf(':');
        String point = colon < 0 ? value : value.substring(0, colon);
        long hit;
        try {
            hit = colon < 0 ? 1 : Long.parseLong(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            hit = 0;
        }
        if (point.isEmpty() || hit < 1) {
            throw new IllegalArgumentException(env + "='" + value + "' is not POINT[:N]; write a point's name and the"
                    + " hit that fires it, e.g. " + env + "=" + CrashPoints.META_BEFORE_COMMIT + ":2");
        }
        return new FaultSpec(point, hit, new AtomicLong());
    }

    /** Counts a hit of {@code name}; true on the hit that fires (only that one). */
    boolean fires(String name) {
        return point.equals(name) && hits.incrementAndGet() == hit;
    }

    /** Counts a hit of {@code name}; true on the hit that fires and every later one (a broken disk stays broken). */
    boolean firesFromNowOn(String name) {
        return point.equals(name) && hits.incrementAndGet() >= hit;
    }
}
