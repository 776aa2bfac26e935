package dev.sluice.pipeline;

import java.util.Arrays;
import java.util.List;

/**
 * The base-level dependency edges of a pipeline being validated, for cycle detection: for each consumer step (by
 * its index in file order) the producers it reads or runs after, and for the edges that point forward in the file
 * the path of the first reference that wires them. Arrays by index rather than maps by name: a million steps have a
 * few million edges. Not thread-safe.
 */
final class Edges {
    private static final int[] NONE = new int[0];

    private final List<String> names;
    private final int[][] producers;
    private final String[][] paths;
    private final int[] counts;

    /** @param names the base steps in file order; a step's index is its position here */
    Edges(List<String> names) {
        this.names = names;
        this.producers = new int[names.size()][];
        this.paths = new String[names.size()][];
        this.counts = new int[names.size()];
    }

    int size() {
        return names.size();
    }

    String name(int step) {
        return names.get(step);
    }

    /**
     * Records that {@code consumer} depends on {@code producer} through {@code path}; the first path wins. The path
     * is kept only when the producer comes later in the file: a cycle is reported at the reference of its first
     * step to a later one ({@link DagOrder}), and a pipeline written in order has no such edge, so a large plan keeps
     * no path string per edge while it is validated.
     */
    void add(int consumer, int producer, String path) {
        int n = counts[consumer];
        int[] ps = producers[consumer];
        for (int i = 0; i < n; i++) if (ps[i] == producer) return;
        if (ps == null) {
            producers[consumer] = ps = new int[2];
        } else if (n == ps.length) {
            producers[consumer] = ps = Arrays.copyOf(ps, 2 * n);
        }
        ps[n] = producer;
        counts[consumer] = n + 1;
        if (producer > consumer) {
            String[] known = paths[consumer];
            if (known == null) paths[consumer] = known = new String[ps.length];
            else if (known.length < ps.length) paths[consumer] = known = Arrays.copyOf(known, ps.length);
            known[n] = path;
        }
    }

    /** How many producers {@code consumer} has. */
    int count(int consumer) {
        return counts[consumer];
    }

    /** The {@code i}-th producer of {@code consumer}, in the order the references were written. */
    int producer(int consumer, int i) {
        return producers[consumer][i];
    }

    /**
     * The path of the reference that makes {@code consumer} depend on {@code producer}, which must come later in the
     * file (earlier producers' paths are not kept).
     */
    String path(int consumer, int producer) {
        int[] ps = producers[consumer] == null ? NONE : producers[consumer];
        for (int i = 0; i < counts[consumer]; i++) {
            if (ps[i] == producer && producer > consumer) return paths[consumer][i];
        }
        throw new IllegalArgumentException(name(consumer) + " does not depend on the later step " + name(producer));
    }
}
