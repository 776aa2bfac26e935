package dev.sluice.exec;

import dev.sluice.meta.MetadataException;
import dev.sluice.meta.MetadataQueries;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cache keys a step run may have succeeded with, as far as this process knows: a filter in front of the
 * database's index, so that a big run's cache lookups of keys never seen cost no query. It is loaded once per
 * {@link Workspace} (not once per run, whose cost would then grow with the workspace's history), only for runs of
 * at least {@link #WORTH_LOADING} steps (a small run queries its few keys by index), and grows with every key
 * this process computes. Keys other processes record later are seen when it is loaded again, after
 * {@link #FRESH}; until then such a step runs again rather than reuse their output, as with any concurrent run.
 * A key here may have no succeeded step run (a false positive costs one query); never the reverse, within
 * {@link #FRESH}. Thread-safe.
 */
final class KnownCacheKeys {
    /** Runs with fewer steps look their keys up one by one. */
    static final int WORTH_LOADING = 64;
    /** More keys than this are not held: every lookup queries. */
    static final int MAX_KEYS = 100_000;
    static final Duration FRESH = Duration.ofSeconds(30);

    private final MetadataQueries queries;
    private volatile Loaded loaded;

    /** A load: the keys, or null when there were too many or the database could not be read. */
    private record Loaded(Set<String> keys, long atNanos) {
        boolean fresh() {
            return System.nanoTime() - atNanos <= FRESH.toNanos();
        }
    }

    KnownCacheKeys(MetadataQueries queries) {
        this.queries = queries;
    }

    /**
     * The filter for a run of {@code steps} steps: empty when every lookup should query the database (a small run,
     * too many keys, or a database that could not be read).
     */
    Optional<Set<String>> forRun(int steps) {
        if (steps < WORTH_LOADING) return Optional.empty();
        Loaded l = loaded;
        if (l == null || !l.fresh()) l = load();
        return Optional.ofNullable(l.keys());
    }

    /** Notes a key this process computed: a step may succeed with it. */
    void add(String key) {
        Loaded l = loaded;
        if (l != null && l.keys() != null) l.keys().add(key);
    }

    private synchronized Loaded load() {
        Loaded l = loaded;
        if (l != null && l.fresh()) return l;
        Set<String> keys;
        try {
            Set<String> before = l == null ? null : l.keys(); // keys computed here may not be committed yet
            keys = queries.succeededCacheKeys(MAX_KEYS).map(found -> {
                Set<String> s = ConcurrentHashMap.<String>newKeySet(found.size() * 2);
                s.addAll(found);
                if (before != null) s.addAll(before);
                return s.size() > MAX_KEYS ? null : s;
            }).orElse(null);
        } catch (MetadataException e) {
            keys = null;
        }
        loaded = new Loaded(keys, System.nanoTime());
        return loaded;
    }
}
