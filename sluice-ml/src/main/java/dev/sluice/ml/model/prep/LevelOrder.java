package dev.sluice.ml.model.prep;

import dev.sluice.ml.table.TextLevels;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The order of a high-cardinality text column's levels for {@code encode: auto}'s ordinal codes: by the mean target
 * of each level's training rows, smoothed toward the overall mean by {@value #SMOOTHING} rows
 * ({@code (sum + m * mean) / (count + m)}, so a level seen twice does not jump to an end), lowest first; without a
 * target, by frequency, most frequent first. Equal keys keep the levels' name order. For binary classification and
 * regression, sorting levels by mean target is what makes one threshold on the code the best two-way split of the
 * levels (Fisher, 1958), the split XGBoost and LightGBM search for categorical features, here found once for all trees.
 * Stateless.
 */
final class LevelOrder {
    /** Pseudo-rows of the overall mean added to each level's rows. */
    static final double SMOOTHING = 10;

    private LevelOrder() {
    }

    /**
     * {@code levels} (sorted by name, possibly ending with the missing level {@code fill}) reordered.
     *
     * @param t      the column's levels and per-row codes
     * @param target per row, or null for frequency order
     */
    static List<String> of(TextLevels t, List<String> levels, String fill, double[] target) {
        Map<String, double[]> stats = new HashMap<>();   // level -> {count, sum}
        for (int i = 0; i < t.size(); i++) stats.put(t.levels()[i], new double[] {t.counts()[i], 0});
        double[] missing = {t.nulls(), 0};
        double total = 0;
        long rows = 0;
        if (target != null) {
            double[] sums = new double[t.size()];
            int[] codes = t.codes();
            for (int r = 0; r < codes.length; r++) {
                if (codes[r] == TextLevels.NULL) missing[1] += target[r];
                else sums[codes[r]] += target[r];
                total += target[r];
                rows++;
            }
            for (int i = 0; i < t.size(); i++) stats.get(t.levels()[i])[1] = sums[i];
        }
        if (fill != null && !stats.containsKey(fill) && levels.contains(fill)) stats.put(fill, missing);
        double mean = rows == 0 ? 0 : total / rows;
        Comparator<String> key = target == null
                ? Comparator.comparingDouble((String l) -> -stats.get(l)[0])
                : Comparator.comparingDouble((String l) -> (stats.get(l)[1] + SMOOTHING * mean) / (stats.get(l)[0] + SMOOTHING));
        List<String> out = new ArrayList<>(levels);
        out.sort(key.thenComparing(Comparator.naturalOrder()));
        return out;
    }
}
