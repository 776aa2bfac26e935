package dev.sluice.ml.model.eval;

import java.util.Arrays;
import java.util.Comparator;

/** Area under the ROC curve by the rank-sum (Mann–Whitney) formula; tied scores share their mean rank. */
public final class Auc {
    private Auc() {}

    /** AUC of {@code scores} for the rows where {@code positive} is true; NaN when one class is absent. */
    public static double of(double[] scores, boolean[] positive) {
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        double rankSum = 0;
        long pos = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) j++;
            double meanRank = (i + j) / 2.0 + 1;
            for (int t = i; t <= j; t++) {
                if (positive[order[t]]) {
                    rankSum += meanRank;
                    pos++;
                }
            }
            i = j + 1;
        }
        long neg = n - pos;
        if (pos == 0 || neg == 0) return Double.NaN;
        return (rankSum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }
}
