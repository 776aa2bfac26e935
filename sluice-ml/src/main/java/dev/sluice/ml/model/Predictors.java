package dev.sluice.ml.model;

import dev.sluice.ml.model.tree.Forest;
import dev.sluice.ml.model.xgb.XgbScorer;
import ml.dmlc.xgboost4j.java.XGBoostError;

/** The built-in {@link Predictor}s, one per {@link ModelBody}. Each is immutable and thread-safe. */
final class Predictors {
    private Predictors() {}

    /** Linear regression. */
    record Linear(double[] w, double b) implements Predictor {
        public int features() { return w.length; }
        public int outputs() { return 1; }

        public void predict(double[] x, double[] out) {
            double s = b;
            for (int f = 0; f < w.length; f++) s += w[f] * x[f];
            out[0] = s;
        }
    }

    /** Binary (one weight row, sigmoid) or multinomial (softmax) logistic regression. */
    record Logistic(double[][] w, double[] b, int classes) implements Predictor {
        public int features() { return w[0].length; }
        public int outputs() { return classes; }

        public void predict(double[] x, double[] out) {
            if (b.length == 1) {
                double p = 1 / (1 + Math.exp(-margin(0, x)));
                out[0] = 1 - p;
                out[1] = p;
                return;
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < b.length; j++) {
                out[j] = margin(j, x);
                max = Math.max(max, out[j]);
            }
            double sum = 0;
            for (int j = 0; j < b.length; j++) {
                out[j] = Math.exp(out[j] - max);
                sum += out[j];
            }
            for (int j = 0; j < b.length; j++) out[j] /= sum;
        }

        private double margin(int j, double[] x) {
            double s = b[j];
            double[] wj = w[j];
            for (int f = 0; f < wj.length; f++) s += wj[f] * x[f];
            return s;
        }
    }

    /** A random forest. */
    record RandomForest(Forest forest) implements Predictor {
        public int features() { return forest.features(); }
        public int outputs() { return forest.outputs(); }
        public void predict(double[] x, double[] out) { forest.predict(x, out); }
    }

    /** XGBoost through in-place prediction; binary outputs are expanded to {@code [1 - p, p]}. */
    record Xgboost(XgbScorer scorer, int features, int outputs, boolean binary) implements Predictor {
        public void predict(double[] x, double[] out) {
            float[] row = new float[x.length];
            for (int f = 0; f < x.length; f++) row[f] = (float) x[f];
            copy(score(row, 1)[0], out);
        }

        @Override
        public double[][] predictBatch(double[][] columns, int rows) {
            float[] flat = new float[rows * features];
            for (int f = 0; f < features; f++) for (int r = 0; r < rows; r++) flat[r * features + f] = (float) columns[f][r];
            float[][] raw = rows == 0 ? new float[0][] : score(flat, rows);
            double[][] out = new double[rows][outputs];
            for (int r = 0; r < rows; r++) copy(raw[r], out[r]);
            return out;
        }

        private float[][] score(float[] flat, int rows) {
            try {
                return scorer.predict(flat, rows, features);
            } catch (XGBoostError e) {
                throw new IllegalStateException("XGBoost prediction failed: " + e.getMessage(), e);
            }
        }

        private void copy(float[] raw, double[] out) {
            if (binary) {
                out[0] = 1 - raw[0];
                out[1] = raw[0];
            } else {
                for (int j = 0; j < outputs; j++) out[j] = raw[j];
            }
        }

        @Override
        public void close() { scorer.close(); }
    }
}
