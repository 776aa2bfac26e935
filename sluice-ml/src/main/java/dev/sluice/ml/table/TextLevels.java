package dev.sluice.ml.table;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * A text column as codes into its distinct values: {@code levels} in the order first seen, {@code codes[row]} the
 * level of each row ({@value #NULL} for null), and how many rows hold each level. Made once per column and
 * remembered while the column lives ({@link #of}), so that the steps of a run that share a table (two trainers, the
 * target and every text feature, fit then transform) hash each cell once instead of once per use: on telco churn
 * that hashing was most of a training step's preparation. Immutable by convention, like columns.
 */
public record TextLevels(String[] levels, int[] codes, int[] counts, int nulls) {
    /** The code of a null row. */
    public static final int NULL = -1;

    /** Keyed by the column's value array (arrays hash by identity), held weakly: gone with the column. */
    private static final Map<String[], TextLevels> KNOWN = Collections.synchronizedMap(new WeakHashMap<>());

    /** The levels of {@code column}, computed on first use (two threads asking at once may both compute them). */
    public static TextLevels of(Column.Strings column) {
        String[] values = column.values();
        TextLevels known = KNOWN.get(values);
        if (known != null) return known;
        TextLevels made = compute(values);
        KNOWN.put(values, made);
        return made;
    }

    private static TextLevels compute(String[] values) {
        Map<String, Integer> index = new HashMap<>();
        int[] codes = new int[values.length];
        String[] levels = new String[16];
        int[] counts = new int[16];
        int nulls = 0;
        for (int r = 0; r < values.length; r++) {
            String v = values[r];
            if (v == null) {
                codes[r] = NULL;
                nulls++;
                continue;
            }
            Integer code = index.get(v);
            if (code == null) {
                code = index.size();
                index.put(v, code);
                if (code == levels.length) {
                    levels = java.util.Arrays.copyOf(levels, code * 2);
                    counts = java.util.Arrays.copyOf(counts, code * 2);
                }
                levels[code] = v;
            }
            codes[r] = code;
            counts[code]++;
        }
        int n = index.size();
        return new TextLevels(java.util.Arrays.copyOf(levels, n), codes, java.util.Arrays.copyOf(counts, n), nulls);
    }

    /** How many distinct non-null values the column has. */
    public int size() {
        return levels.length;
    }

    /**
     * For each level, its position in {@code index} ({@code -1} when absent there): turns per-row codes into
     * positions in another list of levels (a fitted encoder's) without looking up text per row.
     */
    public int[] positionsIn(Map<String, Integer> index) {
        int[] out = new int[levels.length];
        for (int i = 0; i < levels.length; i++) out[i] = index.getOrDefault(levels[i], -1);
        return out;
    }
}
