package dev.sluice.ml.table;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits the columns of a table into groups of about equal read cost, one per thread: text columns
 * cost several times a numeric one (a Java string per cell), so they are spread first.
 */
final class ColumnGroups {
    /** Relative cost of reading one text cell against one numeric cell (measured roughly: 3 to 6). */
    private static final int TEXT_COST = 4;

    private ColumnGroups() {
    }

    /**
     * The indexes of {@code fields} in at most {@code threads} groups (never an empty group), each
     * group in column order; one group when there is a single thread or a single column.
     */
    static List<List<Integer>> split(List<Schema.Field> fields, int threads) {
        int k = Math.max(1, Math.min(threads, fields.size()));
        List<List<Integer>> groups = new ArrayList<>(k);
        long[] load = new long[k];
        for (int g = 0; g < k; g++) groups.add(new ArrayList<>());
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) if (fields.get(i).type() == ColumnType.STRING) order.add(i);
        for (int i = 0; i < fields.size(); i++) if (fields.get(i).type() != ColumnType.STRING) order.add(i);
        for (int i : order) {
            int best = 0;
            for (int g = 1; g < k; g++) if (load[g] < load[best]) best = g;
            groups.get(best).add(i);
            load[best] += fields.get(i).type() == ColumnType.STRING ? TEXT_COST : 1;
        }
        groups.forEach(g -> g.sort(Integer::compare));
        groups.removeIf(List::isEmpty);
        return groups;
    }
}
