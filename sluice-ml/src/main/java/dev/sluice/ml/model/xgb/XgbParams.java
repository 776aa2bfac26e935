package dev.sluice.ml.model.xgb;

/**
 * XGBoost training parameters, named as in XGBoost's own documentation where they map directly.
 *
 * @param earlyStopping stop when the validation metric has not improved for this many rounds (0 = off)
 */
public record XgbParams(int maxDepth, double eta, int rounds, int earlyStopping, double subsample,
                        double colsample, double minChildWeight, double lambda, String treeMethod, long seed) {
    public XgbParams {
        if (rounds < 1) throw new IllegalArgumentException("rounds must be >= 1, got " + rounds);
        if (!(eta > 0)) throw new IllegalArgumentException("eta must be > 0, got " + eta);
    }
}
