package dev.sluice.serve.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.ml.model.Predictor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * An XGBoost model compiled from its own JSON format ({@code xgboost.json}) into flat primitive arrays, scored in
 * pure Java. Every tree's nodes are laid out one after another: for node {@code n}, {@code feature[n]} is the
 * split feature ({@code -1} for a leaf), {@code threshold[n]} the split value (a float, as XGBoost compares
 * float features with float thresholds: {@code x < threshold} goes left), {@code left[n]}/{@code right[n]} the
 * absolute indices of the children, {@code defaultLeft[n]} where a missing value (NaN) goes, and {@code leaf[n]}
 * the leaf value. {@code treeClass[t]} is the output group of tree {@code t} (multi-class).
 *
 * <p>Objectives: {@code binary:logistic} (sigmoid of the margin; outputs {@code [1 - p, p]} like the other
 * Sluice predictors), {@code multi:softprob}/{@code multi:softmax} (softmax over classes), and
 * {@code reg:squarederror} and other identity-link regressions. {@code base_score} is read as a scalar or as
 * XGBoost 3's vector string ({@code "[5E-1]"}); for binary:logistic it is a probability and becomes the margin
 * {@code logit(base_score)}; for softmax and regression it is already a margin. Categorical splits are refused.
 *
 * <p>{@link #predict(double[], double[])} allocates nothing. Immutable and thread-safe.
 */
public final class XgbTrees implements Predictor {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How the summed margin becomes the output. */
    enum Link { SIGMOID, SOFTMAX, IDENTITY }

    private final int features;
    private final int groups;
    private final Link link;
    private final float[] baseMargin;
    private final int[] treeStart;
    private final int[] treeClass;
    private final int[] feature;
    private final float[] threshold;
    private final int[] left;
    private final int[] right;
    private final boolean[] defaultLeft;
    private final float[] leaf;

    private XgbTrees(int features, int groups, Link link, float[] baseMargin, int[] treeStart, int[] treeClass,
                     int[] feature, float[] threshold, int[] left, int[] right, boolean[] defaultLeft, float[] leaf) {
        this.features = features;
        this.groups = groups;
        this.link = link;
        this.baseMargin = baseMargin;
        this.treeStart = treeStart;
        this.treeClass = treeClass;
        this.feature = feature;
        this.threshold = threshold;
        this.left = left;
        this.right = right;
        this.defaultLeft = defaultLeft;
        this.leaf = leaf;
    }

    /** Reads and compiles {@code file}, XGBoost's JSON model. */
    public static XgbTrees load(Path file) throws IOException {
        return compile(JSON.readTree(file.toFile()));
    }

    /** Compiles a parsed XGBoost JSON model. */
    public static XgbTrees compile(JsonNode root) {
        JsonNode learner = require(root, "learner");
        JsonNode param = require(learner, "learner_model_param");
        String objective = require(require(learner, "objective"), "name").asText();
        JsonNode booster = require(learner, "gradient_booster");
        String boosterName = booster.path("name").asText("gbtree");
        if (!boosterName.equals("gbtree")) {
            throw new IllegalArgumentException("XGBoost booster '" + boosterName + "' is not supported; only gbtree models compile");
        }
        JsonNode model = require(booster, "model");
        int numClass = Integer.parseInt(param.path("num_class").asText("0"));
        int numFeature = Integer.parseInt(require(param, "num_feature").asText());
        int groups = Math.max(1, numClass);
        Link link = link(objective);
        float[] base = baseScore(param.path("base_score").asText("0.5"), groups);
        if (link == Link.SIGMOID) base[0] = (float) Math.log(base[0] / (1.0 - base[0]));

        JsonNode trees = require(model, "trees");
        JsonNode info = model.path("tree_info");
        int total = 0;
        for (JsonNode t : trees) total += t.get("left_children").size();
        int[] treeStart = new int[trees.size()];
        int[] treeClass = new int[trees.size()];
        int[] feature = new int[total];
        float[] threshold = new float[total];
        int[] left = new int[total];
        int[] right = new int[total];
        boolean[] defaultLeft = new boolean[total];
        float[] leaf = new float[total];
        int at = 0;
        for (int t = 0; t < trees.size(); t++) {
            JsonNode tree = trees.get(t);
            treeStart[t] = at;
            treeClass[t] = info.has(t) ? info.get(t).asInt() : 0;
            if (treeClass[t] < 0 || treeClass[t] >= groups) {
                throw new IllegalArgumentException("tree " + t + " belongs to class " + treeClass[t] + " but the model has " + groups);
            }
            JsonNode lc = tree.get("left_children"), rc = tree.get("right_children"), si = tree.get("split_indices"),
                    sc = tree.get("split_conditions"), dl = tree.get("default_left"), st = tree.path("split_type");
            for (int n = 0; n < lc.size(); n++) {
                int i = at + n;
                if (lc.get(n).asInt() == -1) {
                    feature[i] = -1;
                    leaf[i] = sc.get(n).floatValue();
                    continue;
                }
                if (st.has(n) && st.get(n).asInt() != 0) {
                    throw new IllegalArgumentException("tree " + t + " has a categorical split; categorical XGBoost models are not supported");
                }
                feature[i] = si.get(n).asInt();
                if (feature[i] >= numFeature) {
                    throw new IllegalArgumentException("tree " + t + " splits on feature " + feature[i] + " of " + numFeature);
                }
                threshold[i] = sc.get(n).floatValue();
                left[i] = at + lc.get(n).asInt();
                right[i] = at + rc.get(n).asInt();
                defaultLeft[i] = dl.get(n).asInt() != 0;
            }
            at += lc.size();
        }
        return new XgbTrees(numFeature, groups, link, base, treeStart, treeClass, feature, threshold, left, right, defaultLeft, leaf);
    }

    private static JsonNode require(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null) throw new IllegalArgumentException("not an XGBoost JSON model: no '" + field + "'");
        return v;
    }

    private static Link link(String objective) {
        return switch (objective) {
            case "binary:logistic", "reg:logistic" -> Link.SIGMOID;
            case "multi:softprob", "multi:softmax" -> Link.SOFTMAX;
            case "reg:squarederror", "reg:linear", "reg:absoluteerror", "reg:pseudohubererror" -> Link.IDENTITY;
            default -> throw new IllegalArgumentException("XGBoost objective '" + objective + "' is not supported by the compiled"
                    + " evaluator (binary:logistic, multi:softprob, reg:squarederror are)");
        };
    }

    /** {@code "0.5"}, {@code "5E-1"} or XGBoost 3's vector form {@code "[5E-1]"} / {@code "[a,b,c]"}. */
    static float[] baseScore(String text, int groups) {
        String s = text.trim();
        if (s.startsWith("[")) s = s.substring(1, s.length() - 1);
        String[] parts = s.split(",");
        float[] out = new float[groups];
        for (int g = 0; g < groups; g++) {
            String p = parts[parts.length == 1 ? 0 : g].trim().toUpperCase(Locale.ROOT);
            out[g] = Float.parseFloat(p);
        }
        return out;
    }

    @Override
    public int features() {
        return features;
    }

    /** Two for binary (as {@code [1 - p, p]}), K for multi-class, 1 for regression. */
    @Override
    public int outputs() {
        return link == Link.SIGMOID ? 2 : groups;
    }

    /** The number of trees. */
    public int trees() {
        return treeStart.length;
    }

    /**
     * Sums in {@code float}, in tree order, starting from the base margin, as XGBoost's CPU predictor does, so that
     * regression values match XGBoost's to the float rounding rather than drift by accumulated rounding differences.
     */
    @Override
    public void predict(double[] x, double[] out) {
        if (groups == 1) {
            float margin = baseMargin[0];
            for (int t = 0; t < treeStart.length; t++) margin += leaf[walk(treeStart[t], x)];
            if (link == Link.SIGMOID) {
                double p = 1 / (1 + Math.exp(-margin));
                out[0] = 1 - p;
                out[1] = p;
            } else {
                out[0] = margin;
            }
            return;
        }
        // multi-class: margins per group, kept as floats like XGBoost's, then a softmax in double
        for (int g = 0; g < groups; g++) out[g] = baseMargin[g];
        for (int t = 0; t < treeStart.length; t++) {
            int g = treeClass[t];
            out[g] = (float) (out[g] + leaf[walk(treeStart[t], x)]);
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int g = 0; g < groups; g++) max = Math.max(max, out[g]);
        double sum = 0;
        for (int g = 0; g < groups; g++) {
            out[g] = Math.exp(out[g] - max);
            sum += out[g];
        }
        for (int g = 0; g < groups; g++) out[g] /= sum;
    }

    private int walk(int node, double[] x) {
        int n = node;
        int f;
        while ((f = feature[n]) >= 0) {
            float v = (float) x[f];
            if (v != v) n = defaultLeft[n] ? left[n] : right[n];
            else n = v < threshold[n] ? left[n] : right[n];
        }
        return n;
    }
}
