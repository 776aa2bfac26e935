package dev.sluice.ml.model.xgb;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Trains gradient-boosted trees with XGBoost4J on dense row-major float matrices (NaN = missing).
 * Objectives: {@code binary:logistic}, {@code multi:softprob} (3+ classes), {@code reg:squarederror}.
 * The result is the model in XGBoost's JSON format. With early stopping the trees after {@code best_iteration}
 * are cut off it ({@link XgbModelJson}: XGBoost4J has no booster slicing), so the saved model holds only the best
 * rounds and any XGBoost reader predicts the same without an iteration range, without training those rounds a
 * second time. Stateless and thread-safe.
 */
public final class XgbTrainer {
    /** A dense row-major matrix and its labels (class index, or target value). */
    public record Dataset(float[] x, int rows, int cols, float[] labels) {}

    /**
     * The trained model in XGBoost's JSON format, how many rounds it holds, and the best validation score (NaN
     * without one).
     */
    public record Fit(byte[] modelJson, int rounds, int bestIteration, double bestScore, String evalMetric) {
        /** Writes the model to {@code file}, which XGBoost reads back by its {@code .json} extension. */
        public void save(Path file) throws IOException {
            Files.write(file, modelJson);
        }
    }

    /**
     * Starts loading XGBoost's native library on a background thread and returns at once. The first
     * use of XGBoost in a process loads the library (from beside the jar: {@link XgbNative}); calling this
     * when a training step starts overlaps that with reading the table. Loading twice
     * is harmless (the JVM loads a class once); a failure surfaces again, with its message, at
     * {@link #train}.
     */
    public static void preload() {
        Thread.ofPlatform().daemon().name("xgboost-preload").start(() -> {
            try {
                XgbNative.load();
                Class.forName("ml.dmlc.xgboost4j.java.XGBoostJNI", true, XgbTrainer.class.getClassLoader());
            } catch (Throwable e) {   // reported by train(), which loads the same class
                LoggerFactory.getLogger(XgbTrainer.class).debug("xgboost preload failed: {}", e.toString());
            }
        });
    }

    /**
     * Trains a few rounds on {@code data} on one thread with early stopping (watching the same rows) and cuts the
     * model, result thrown away: loads the native library and runs the code a short training step runs, for a
     * warm-up.
     */
    public static void warmUp(Dataset data) throws XGBoostError {
        Fit fit = new XgbTrainer().train(new XgbParams(4, 0.3, 8, 2, 1, 1, 1, 1, "hist", 42), 2, data, Optional.of(data), 1);
        cut(fit.modelJson(), 4);
    }

    /**
     * Hears the validation metric after each boosting round (1, 2, ...) and says whether to stop there (a sweep's
     * median rule: {@code StepContext.report}).
     */
    @FunctionalInterface
    public interface Rounds {
        /** True to stop after this round. */
        boolean stop(int round, double value);
    }

    /** @param classes 0 for regression, 2 for binary, K ≥ 3 for multiclass */
    public Fit train(XgbParams p, int classes, Dataset train, Optional<Dataset> valid, int threads) throws XGBoostError {
        return train(p, classes, train, valid, threads, null);
    }

    /**
     * As {@link #train(XgbParams, int, Dataset, Optional, int)}; with {@code rounds} and early stopping on a validation
     * set, the booster is trained round by round, each round's validation metric reported to {@code rounds}, which may
     * stop it: the model then holds the rounds up to the best one so far. Not stopped, the model is the same, byte for
     * byte, as XGBoost4J's own loop makes.
     */
    public Fit train(XgbParams p, int classes, Dataset train, Optional<Dataset> valid, int threads, Rounds rounds)
            throws XGBoostError {
        XgbNative.load();
        Map<String, Object> params = params(p, classes, threads);
        DMatrix dtrain = matrix(train);
        try {
            if (valid.isEmpty() || p.earlyStopping() <= 0) {
                Booster b = XGBoost.train(dtrain, params, p.rounds(), Map.of(), null, null);
                try {
                    return new Fit(b.toByteArray("json"), p.rounds(), p.rounds() - 1, Double.NaN,
                            (String) params.get("eval_metric"));
                } finally {
                    b.dispose();
                }
            }
            DMatrix dvalid = matrix(valid.get());
            try {
                return rounds == null ? trainWithEarlyStopping(p, params, dtrain, dvalid)
                        : trainRoundByRound(p, params, dtrain, dvalid, rounds);
            } finally {
                dvalid.dispose();
            }
        } finally {
            dtrain.dispose();
        }
    }

    private static Fit trainWithEarlyStopping(XgbParams p, Map<String, Object> params, DMatrix dtrain, DMatrix dvalid)
            throws XGBoostError {
        Map<String, DMatrix> watches = new LinkedHashMap<>();
        watches.put("valid", dvalid);           // the last watch drives early stopping
        float[][] history = new float[1][p.rounds()];
        Booster b = XGBoost.train(dtrain, params, p.rounds(), watches, history, null, null, p.earlyStopping());
        try {
            String attr = b.getAttr("best_iteration");
            int best = attr == null ? b.getNumBoostedRound() - 1 : Integer.parseInt(attr.trim());
            byte[] json = b.toByteArray("json");
            if (b.getNumBoostedRound() > best + 1) json = cut(json, best + 1);
            return new Fit(json, best + 1, best, history[0][best], (String) params.get("eval_metric"));
        } finally {
            b.dispose();
        }
    }

    /**
     * XGBoost4J's training loop with early stopping ({@code XGBoost.train}: update, evaluate the watch, keep the best
     * round as the {@code best_iteration} and {@code best_score} attributes, stop {@code early_stopping} rounds after it),
     * written out so that each round's metric can be reported and the loop stopped from outside. The booster is made by
     * {@code XGBoost.train} itself with no round, so its cache and parameters are the ones XGBoost's loop would use.
     */
    private static Fit trainRoundByRound(XgbParams p, Map<String, Object> params, DMatrix dtrain, DMatrix dvalid, Rounds rounds)
            throws XGBoostError {
        Map<String, DMatrix> watches = new LinkedHashMap<>();
        watches.put("valid", dvalid);
        Booster b = XGBoost.train(dtrain, params, 0, watches, null, null);
        try {
            DMatrix[] evalMats = {dvalid};
            String[] evalNames = {"valid"};
            float[] scores = new float[p.rounds()];
            boolean maximize = false;
            float bestScore = 0;
            int best = 0;
            for (int iter = 0; iter < p.rounds(); iter++) {
                b.update(dtrain, iter);
                float[] out = new float[1];
                String info = b.evalSet(evalMats, evalNames, iter, out);
                if (iter == 0) {
                    maximize = XGBoost.isMaximizeEvaluation(info, evalNames, params);
                    bestScore = maximize ? -Float.MAX_VALUE : Float.MAX_VALUE;
                }
                scores[iter] = out[0];
                if (maximize ? out[0] > bestScore : out[0] < bestScore) {
                    bestScore = out[0];
                    best = iter;
                    b.setAttr("best_iteration", String.valueOf(best));
                    b.setAttr("best_score", String.valueOf(bestScore));
                }
                if (iter - best >= p.earlyStopping()) break;
                if (rounds.stop(iter + 1, out[0])) break;
            }
            String attr = b.getAttr("best_iteration");
            int kept = attr == null ? b.getNumBoostedRound() - 1 : Integer.parseInt(attr.trim());
            byte[] json = b.toByteArray("json");
            if (b.getNumBoostedRound() > kept + 1) json = cut(json, kept + 1);
            return new Fit(json, kept + 1, kept, scores[kept], (String) params.get("eval_metric"));
        } finally {
            b.dispose();
        }
    }

    /** {@link XgbModelJson#cut}, its layout errors as XGBoost's. */
    static byte[] cut(byte[] json, int rounds) throws XGBoostError {
        try {
            return XgbModelJson.cut(json, rounds);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new XGBoostError("cannot cut the XGBoost model to " + rounds + " rounds: " + e.getMessage());
        }
    }

    static Map<String, Object> params(XgbParams p, int classes, int threads) {
        Map<String, Object> m = new HashMap<>();
        m.put("max_depth", p.maxDepth());
        m.put("eta", p.eta());
        m.put("subsample", p.subsample());
        m.put("colsample_bytree", p.colsample());
        m.put("min_child_weight", p.minChildWeight());
        m.put("lambda", p.lambda());
        m.put("tree_method", p.treeMethod());
        m.put("seed", p.seed());
        m.put("nthread", Math.max(1, threads));
        m.put("verbosity", 0);
        m.put("verbose_eval", "false");   // xgboost4j: do not print every evaluation round
        if (classes == 0) {
            m.put("objective", "reg:squarederror");
            m.put("eval_metric", "rmse");
        } else if (classes == 2) {
            m.put("objective", "binary:logistic");
            m.put("eval_metric", "logloss");
        } else {
            m.put("objective", "multi:softprob");
            m.put("num_class", classes);
            m.put("eval_metric", "mlogloss");
        }
        return m;
    }

    private static DMatrix matrix(Dataset d) throws XGBoostError {
        DMatrix m = new DMatrix(d.x(), d.rows(), d.cols(), Float.NaN);
        m.setLabel(d.labels());
        return m;
    }
}
