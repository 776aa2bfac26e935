package dev.sluice.ml.data;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * How many rows each part of a split gets, by scikit-learn's rule: a part's size is the ceiling of its
 * fraction times the number of rows, over the whole table ({@code train_test_split}: {@code ceil(test_size * n)}),
 * with the fraction taken as written in decimal (0.07 of 100 rows is 7, where the binary product 7.000000000000001
 * would round up to 8). A stratified split then shares that total among the groups as scikit-learn's
 * {@code StratifiedShuffleSplit} does: each group gets the floor of its proportional share, and the rows left
 * go one each to the groups with the largest remainders (ties to the larger group, then to the group whose value
 * sorts first), never more than a group has left. So the total is exact. Stateless.
 */
final class SplitSizes {
    private SplitSizes() {
    }

    /** {@code ceil(fraction * rows)}, the fraction read as its shortest decimal. */
    static int share(double fraction, int rows) {
        if (fraction <= 0) return 0;
        return new BigDecimal(Double.toString(fraction)).multiply(BigDecimal.valueOf(rows))
                .setScale(0, RoundingMode.CEILING).intValueExact();
    }

    /**
     * Shares {@code total} rows among groups of {@code sizes} in proportion (largest remainder); group {@code g}
     * takes at most {@code sizes[g] - taken[g]} rows.
     */
    static int[] perGroup(int total, int[] sizes, int[] taken) {
        long all = Arrays.stream(sizes).asLongStream().sum();
        int[] out = new int[sizes.length];
        long[] remainder = new long[sizes.length];   // numerator of the fractional part, over 'all'
        int given = 0;
        for (int g = 0; g < sizes.length; g++) {
            long exact = (long) total * sizes[g];
            out[g] = (int) Math.min(exact / all, sizes[g] - taken[g]);
            remainder[g] = exact % all;
            given += out[g];
        }
        Integer[] order = IntStream.range(0, sizes.length).boxed().sorted(Comparator
                .comparingLong((Integer g) -> -remainder[g]).thenComparingInt(g -> -sizes[g]).thenComparingInt(g -> g))
                .toArray(Integer[]::new);
        while (given < total) {
            boolean progress = false;
            for (int g : order) {
                if (given == total) break;
                if (out[g] + taken[g] < sizes[g]) {
                    out[g]++;
                    given++;
                    progress = true;
                }
            }
            if (!progress) break;   // every group is full
        }
        return out;
    }
}
