package dev.sluice.ml.model;

/** Fails when preprocessed features still hold NaN (impute: none) for a learner that cannot use missing values. */
final class RejectMissing {
    private RejectMissing() {}

    static void check(TrainingSet set, String trainer) {
        double[][] x = set.x().columns();
        for (int f = 0; f < x.length; f++) {
            int n = 0;
            for (double v : x[f]) if (Double.isNaN(v)) n++;
            if (n > 0) {
                throw new IllegalArgumentException("feature '" + set.x().featureNames().get(f) + "' has " + n
                        + " missing values and " + trainer + " cannot use missing values; set impute: mean or median");
            }
        }
    }
}
