package dev.sluice.pipeline.internal;

import java.util.Arrays;

/**
 * Names to their positions ({@code 0..n-1}) in one open-addressing table: two arrays for the whole index instead of
 * a map entry and a boxed {@code Integer} per name (a plan of a million steps looks every step up by name). Filled
 * once by {@link #add}, then read; not thread-safe while being filled, safe to read from any thread afterwards.
 */
public final class NameIndex {
    private final String[] names;
    private final int[] positions;
    private final int mask;

    /** An empty index for up to {@code capacity} names. */
    public NameIndex(int capacity) {
        int size = Integer.highestOneBit(Math.max(4, capacity) * 2 - 1) << 1;   // at most half full
        names = new String[size];
        positions = new int[size];
        mask = size - 1;
    }

    /** Adds {@code name} at {@code position}; returns false (and changes nothing) when the name is already there. */
    public boolean add(String name, int position) {
        int i = slot(name);
        if (names[i] != null) return false;
        names[i] = name;
        positions[i] = position;
        return true;
    }

    /** The position of {@code name}, or -1. */
    public int indexOf(String name) {
        int i = slot(name);
        return names[i] == null ? -1 : positions[i];
    }

    /** The slot holding {@code name}, or the empty slot where it would go. */
    private int slot(String name) {
        int h = name.hashCode();
        int i = (h ^ (h >>> 16)) & mask;
        while (names[i] != null && !names[i].equals(name)) i = (i + 1) & mask;
        return i;
    }

    @Override
    public String toString() {
        return "NameIndex" + Arrays.toString(names);
    }
}
