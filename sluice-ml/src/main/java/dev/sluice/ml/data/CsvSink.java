package dev.sluice.ml.data;

import java.util.Arrays;
import java.util.BitSet;

/**
 * The values of one column in one range of {@link CsvLayout}, in the narrowest kind seen so far: either its own
 * growing arrays, or ({@code shared}) rows {@code [base, base + limit)} of the whole column's array, which other
 * ranges fill at the same time (so it cannot change kind in place). Used by one thread.
 */
final class CsvSink {
    CsvKind kind;
    final boolean forced;
    final boolean shared;
    final int column;
    final int base;
    final int limit;
    long[] longs;
    double[] doubles;
    String[] strings;
    BitSet nulls;
    int size;
    private boolean seen;
    private boolean firstSpelledInfinity;
    /** Whether a text value may be a number DuckDB types by the order of the values (see {@link CsvTyping}). */
    boolean maybeOrderTyped;

    /** A sink with its own arrays, growing from {@code capacity}. */
    CsvSink(CsvKind kind, boolean forced, int capacity) {
        this.kind = kind;
        this.forced = forced;
        this.shared = false;
        this.column = -1;
        this.base = 0;
        this.limit = Integer.MAX_VALUE;
        attach(kind.newArray(capacity));
    }

    /** A view of rows {@code [base, base + limit)} of the column array {@code array} (a long[], double[] or String[]). */
    CsvSink(CsvKind kind, boolean forced, int column, Object array, int base, int limit) {
        this.kind = kind;
        this.forced = forced;
        this.shared = true;
        this.column = column;
        this.base = base;
        this.limit = limit;
        attach(array);
    }

    private void attach(Object array) {
        switch (kind) {
            case LONG -> longs = (long[]) array;
            case DOUBLE -> doubles = (double[]) array;
            case TEXT -> strings = (String[]) array;
        }
    }

    boolean seenValue() {
        return seen;
    }

    /** Whether the first value was written {@code inf} or {@code infinity} (DuckDB's sniffer then makes the column text). */
    boolean firstSpelledInfinity() {
        return firstSpelledInfinity;
    }

    /** Stores a parsed double, noting whether it is the first value and was written as an infinity. */
    void addDouble(double v, boolean spelledInfinity) throws CsvChunk.Widen {
        if (!seen) firstSpelledInfinity = spelledInfinity;
        addDouble(v);
    }

    void addNull() throws CsvChunk.Widen {
        ensure();
        if (nulls == null) nulls = new BitSet();
        nulls.set(size++);
    }

    void addLong(long v) throws CsvChunk.Widen {
        ensure();
        longs[base + size++] = v;
        seen = true;
    }

    void addDouble(double v) throws CsvChunk.Widen {
        ensure();
        doubles[base + size++] = v;
        seen = true;
    }

    void addString(String v) throws CsvChunk.Widen {
        ensure();
        strings[base + size++] = v;
        seen = true;
    }

    /** Integer values so far become doubles (exactly as DuckDB would read their text as DOUBLE). */
    void toDoubles() {
        doubles = new double[longs.length];
        for (int i = 0; i < size; i++) doubles[i] = longs[i];
        longs = null;
        kind = CsvKind.DOUBLE;
    }

    void nullsInto(BitSet target, int offset) {
        if (nulls == null) return;
        for (int i = nulls.nextSetBit(0); i >= 0; i = nulls.nextSetBit(i + 1)) target.set(offset + i);
    }

    private void ensure() throws CsvChunk.Widen {
        if (shared) {
            if (size >= limit) throw new CsvChunk.Widen(column, null);
            return;
        }
        int cap = switch (kind) {
            case LONG -> longs.length;
            case DOUBLE -> doubles.length;
            case TEXT -> strings.length;
        };
        if (size < cap) return;
        int grown = (int) Math.min(Integer.MAX_VALUE - 16L, cap + (cap >> 1) + 16L);
        switch (kind) {
            case LONG -> longs = Arrays.copyOf(longs, grown);
            case DOUBLE -> doubles = Arrays.copyOf(doubles, grown);
            case TEXT -> strings = Arrays.copyOf(strings, grown);
        }
    }
}
