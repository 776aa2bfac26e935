package dev.sluice.ml.model.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** RMSE, MAE and R² (1 - SS_res / SS_tot; NaN when the target is constant). Stateless and thread-safe. */
public final class RegressionMetrics {
    private RegressionMetrics() {}

    public static Evaluation of(double[] actual, double[] predicted) {
        int n = actual.length;
        double mean = 0;
        for (double a : actual) mean += a / n;
        double se = 0;
        double ae = 0;
        double tot = 0;
        for (int i = 0; i < n; i++) {
            double e = actual[i] - predicted[i];
            se += e * e;
            ae += Math.abs(e);
            tot += (actual[i] - mean) * (actual[i] - mean);
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("rmse", Math.sqrt(se / n));
        m.put("mae", ae / n);
        m.put("r2", tot == 0 ? Double.NaN : 1 - se / tot);
        return new Evaluation(m, List.of(), new int[0][0]);
    }
}
