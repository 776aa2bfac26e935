package dev.sluice.ml.model;

import dev.sluice.ml.model.prep.ColumnStep;
import dev.sluice.ml.model.prep.FittedTransform;

/** Fails when preprocessed features still hold NaN (impute: none) for a learner that cannot use missing values. */
final class RejectMissing {
    private RejectMissing() {}

    static void check(TrainingSet set, String trainer) {
        double[][] x = set.x().columns();
        boolean[] mayBeMissing = mayBeMissing(set.transform());
        for (int f = 0; f < x.length; f++) {
            if (!mayBeMissing[f]) continue;
            int n = 0;
            for (double v : x[f]) if (Double.isNaN(v)) n++;
            if (n > 0) {
                throw new IllegalArgumentException("feature '" + set.x().featureNames().get(f) + "' has " + n
                        + " missing values and " + trainer + " cannot use missing values; set impute: mean or median");
            }
        }
    }

    /**
     * Per feature, whether its step can produce NaN: only a numeric step without imputation can (its input's
     * NaN/inf were rejected when it was fitted, imputed values are finite, and encoded text is 0/1 or a code).
     */
    private static boolean[] mayBeMissing(FittedTransform transform) {
        boolean[] out = new boolean[transform.width()];
        int f = 0;
        for (ColumnStep step : transform.steps()) {
            if (step instanceof ColumnStep.Numeric n && n.fill() == null) out[f] = true;
            f += step.width();
        }
        return out;
    }
}
