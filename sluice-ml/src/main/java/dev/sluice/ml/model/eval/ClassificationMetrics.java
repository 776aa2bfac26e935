package dev.sluice.ml.model.eval;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Classification metrics from class probabilities. Stateless and thread-safe. */
public final class ClassificationMetrics {
    private ClassificationMetrics() {}

    /**
     * @param actual class index per row
     * @param probs  probability per row and class ({@code probs[row][class]}, rows summing to 1)
     * @param labels class labels, in index order
     */
    public static Evaluation of(int[] actual, double[][] probs, List<String> labels) {
        int k = labels.size();
        int[][] confusion = new int[k][k];
        for (int r = 0; r < actual.length; r++) confusion[actual[r]][argmax(probs[r])]++;
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("accuracy", accuracy(confusion, actual.length));
        double[] prf = k == 2 ? prf(confusion, 1) : macroPrf(confusion);
        m.put("precision", prf[0]);
        m.put("recall", prf[1]);
        m.put("f1", prf[2]);
        m.put("auc", k == 2 ? Auc.of(column(probs, 1), positives(actual, 1)) : macroAuc(actual, probs, k));
        m.put("logloss", logLoss(actual, probs));
        return new Evaluation(m, labels, confusion);
    }

    /** Index of the largest value; ties → the first. */
    public static int argmax(double[] p) {
        int best = 0;
        for (int j = 1; j < p.length; j++) if (p[j] > p[best]) best = j;
        return best;
    }

    private static double accuracy(int[][] c, int n) {
        int right = 0;
        for (int i = 0; i < c.length; i++) right += c[i][i];
        return n == 0 ? Double.NaN : (double) right / n;
    }

    /** Precision, recall, F1 of class {@code j}; 0 when undefined (no predicted or no actual positives). */
    private static double[] prf(int[][] c, int j) {
        int tp = c[j][j];
        int predicted = 0;
        int actual = 0;
        for (int i = 0; i < c.length; i++) {
            predicted += c[i][j];
            actual += c[j][i];
        }
        double p = predicted == 0 ? 0 : (double) tp / predicted;
        double r = actual == 0 ? 0 : (double) tp / actual;
        double f = p + r == 0 ? 0 : 2 * p * r / (p + r);
        return new double[] {p, r, f};
    }

    private static double[] macroPrf(int[][] c) {
        double[] sum = new double[3];
        for (int j = 0; j < c.length; j++) {
            double[] v = prf(c, j);
            for (int i = 0; i < 3; i++) sum[i] += v[i] / c.length;
        }
        return sum;
    }

    private static double macroAuc(int[] actual, double[][] probs, int k) {
        double sum = 0;
        int n = 0;
        for (int j = 0; j < k; j++) {
            double a = Auc.of(column(probs, j), positives(actual, j));
            if (!Double.isNaN(a)) {
                sum += a;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static double logLoss(int[] actual, double[][] probs) {
        double s = 0;
        for (int r = 0; r < actual.length; r++) {
            double p = Math.min(1 - 1e-15, Math.max(1e-15, probs[r][actual[r]]));
            s -= Math.log(p);
        }
        return s / actual.length;
    }

    private static double[] column(double[][] probs, int j) {
        return Arrays.stream(probs).mapToDouble(p -> p[j]).toArray();
    }

    private static boolean[] positives(int[] actual, int j) {
        boolean[] out = new boolean[actual.length];
        for (int r = 0; r < actual.length; r++) out[r] = actual[r] == j;
        return out;
    }
}
