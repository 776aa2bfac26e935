package dev.sluice.pipeline.internal;

import java.util.HashMap;

/**
 * Names to their positions ({@code 0..n-1}): {@code Pipeline.step(name)} and the topological sort. A
 * {@link HashMap} (docs/replacements.md: a hand-written open-addressing table kept 40 bytes a name less but looked
 * names up 1.5-2.5 times slower). Filled once by {@link #add}, then read; not thread-safe while being filled, safe to
 * read from any thread afterwards.
 */
public final class NameIndex {
    private final HashMap<String, Integer> positions;

    /** An empty index for up to {@code capacity} names. */
    public NameIndex(int capacity) {
        positions = HashMap.newHashMap(capacity);
    }

    /** Adds {@code name} at {@code position}; returns false (and changes nothing) when the name is already there. */
    public boolean add(String name, int position) {
        return positions.putIfAbsent(name, position) == null;
    }

    /** The position of {@code name}, or -1. */
    public int indexOf(String name) {
        Integer p = positions.get(name);
        return p == null ? -1 : p;
    }

    @Override
    public String toString() {
        return "NameIndex" + positions.keySet();
    }
}
