/** Model metrics: accuracy, precision, recall, F1, ROC AUC, log loss, confusion matrices; RMSE, MAE, R². */
package dev.sluice.ml.model.eval;
