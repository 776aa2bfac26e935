/**
 * Gradient-boosted trees with XGBoost4J: training with early stopping on dense row-major matrices, and
 * scoring a model saved in XGBoost's own JSON format. Needs {@code OMP_WAIT_POLICY=PASSIVE} on small machines.
 */
package dev.sluice.ml.model.xgb;
