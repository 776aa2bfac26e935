package dev.sluice.ml.model.xgb;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Trains gradient-boosted trees with XGBoost4J on dense row-major float matrices (NaN = missing).
 * Objectives: {@code binary:logistic}, {@code multi:softprob} (3+ classes), {@code reg:squarederror}.
 * With early stopping the trees after {@code best_iteration} are cut off the trained booster (its JSON model is
 * edited: XGBoost4J has no booster slicing), so the saved booster holds only the best rounds and any XGBoost
 * reader predicts the same without an iteration range, without training those rounds a second time.
 * Stateless and thread-safe.
 */
public final class XgbTrainer {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A dense row-major matrix and its labels (class index, or target value). */
    public record Dataset(float[] x, int rows, int cols, float[] labels) {}

    /** The trained booster, how many rounds it holds, and the best validation score (NaN without one). */
    public record Fit(Booster booster, int rounds, int bestIteration, double bestScore, String evalMetric) {}

    /**
     * Starts loading XGBoost's native library on a background thread and returns at once. The first
     * use of XGBoost in a process unpacks and loads the library (a few hundred ms on a busy machine);
     * calling this when a training step starts overlaps that with reading the table. Loading twice
     * is harmless (the JVM loads a class once); a failure surfaces again, with its message, at
     * {@link #train}.
     */
    public static void preload() {
        Thread.ofPlatform().daemon().name("xgboost-preload").start(() -> {
            try {
                Class.forName("ml.dmlc.xgboost4j.java.XGBoostJNI", true, XgbTrainer.class.getClassLoader());
            } catch (Throwable e) {   // reported by train(), which loads the same class
                LoggerFactory.getLogger(XgbTrainer.class).debug("xgboost preload failed: {}", e.toString());
            }
        });
    }

    /** @param classes 0 for regression, 2 for binary, K ≥ 3 for multiclass */
    public Fit train(XgbParams p, int classes, Dataset train, Optional<Dataset> valid, int threads) throws XGBoostError {
        Map<String, Object> params = params(p, classes, threads);
        DMatrix dtrain = matrix(train);
        try {
            if (valid.isEmpty() || p.earlyStopping() <= 0) {
                Booster b = XGBoost.train(dtrain, params, p.rounds(), Map.of(), null, null);
                return new Fit(b, p.rounds(), p.rounds() - 1, Double.NaN, (String) params.get("eval_metric"));
            }
            DMatrix dvalid = matrix(valid.get());
            try {
                return trainWithEarlyStopping(p, params, dtrain, dvalid);
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
        String attr = b.getAttr("best_iteration");
        int best = attr == null ? b.getNumBoostedRound() - 1 : Integer.parseInt(attr.trim());
        double score = history[0][best];
        if (b.getNumBoostedRound() > best + 1) {
            Booster full = b;
            try {
                b = truncate(full, best + 1);
            } finally {
                full.dispose();
            }
        }
        return new Fit(b, best + 1, best, score, (String) params.get("eval_metric"));
    }

    /**
     * A new booster holding the first {@code rounds} boosting rounds of {@code b} (which is left as it was):
     * the JSON model's {@code trees}, {@code tree_info}, {@code iteration_indptr} and {@code num_trees} are cut
     * to those rounds, then loaded back.
     */
    static Booster truncate(Booster b, int rounds) throws XGBoostError {
        try {
            JsonNode root = JSON.readTree(b.toByteArray("json"));
            JsonNode model = root.path("learner").path("gradient_booster").path("model");
            if (!(model.get("iteration_indptr") instanceof ArrayNode indptr) || !(model.get("trees") instanceof ArrayNode trees)
                    || !(model.get("tree_info") instanceof ArrayNode info)
                    || !(model.get("gbtree_model_param") instanceof ObjectNode param) || indptr.size() <= rounds) {
                throw new XGBoostError("unexpected XGBoost JSON model layout: cannot cut it to " + rounds + " rounds");
            }
            int keep = indptr.get(rounds).asInt();
            while (indptr.size() > rounds + 1) indptr.remove(indptr.size() - 1);
            while (trees.size() > keep) trees.remove(trees.size() - 1);
            while (info.size() > keep) info.remove(info.size() - 1);
            param.put("num_trees", String.valueOf(keep));
            return XGBoost.loadModel(JSON.writeValueAsBytes(root));
        } catch (IOException e) {
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
