package dev.sluice.ml.model;

import dev.sluice.api.ComponentSpec;
import dev.sluice.api.ParamSpec;
import dev.sluice.api.ParamType;
import dev.sluice.ml.model.prep.Transformed;
import dev.sluice.ml.model.xgb.XgbParams;
import dev.sluice.ml.model.xgb.XgbTrainer;
import dev.sluice.api.StepContext;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The {@code xgboost} component: gradient-boosted trees with XGBoost4J ({@code binary:logistic},
 * {@code multi:softprob} or {@code reg:squarederror}). Early stopping ({@code early_stopping} rounds, 0 = off)
 * watches the {@code validation} input when wired, else 10% of the training rows held out (seeded); the saved
 * model then holds exactly the best rounds. Nulls stay missing by default ({@code impute: none}): XGBoost
 * learns where they go. Saved in XGBoost's own JSON format as {@code xgboost.json}. Records
 * {@code best_iteration}, {@code rounds} and {@code best_score}. Stateless and thread-safe.
 *
 * <pre>{@code
 * gbdt: {uses: xgboost, inputs: {train: split.train}, with: {target: churn, max_depth: 4},
 *        matrix: {eta: [0.05, 0.1, 0.3]}}
 * }</pre>
 */
final class XgboostTrainer extends TrainerComponent {
    static final String FILE = "xgboost.json";

    XgboostTrainer(TableReader tables) {
        super(tables);
    }

    @Override
    ComponentSpec.Builder header() {
        return ComponentSpec.builder("xgboost", "1").description("Gradient-boosted trees (XGBoost).");
    }

    @Override
    List<ParamSpec> modelParams() {
        return List.of(
                ParamSpec.of("max_depth", ParamType.INT, 6L).withBounds(1.0, 16.0).withDoc("the deepest a tree grows"),
                ParamSpec.of("eta", ParamType.DOUBLE, 0.3).withBounds(1e-6, 1.0).withDoc("learning rate: how much each round adds"),
                ParamSpec.of("rounds", ParamType.INT, 100L).withBounds(1.0, 100_000.0)
                        .withDoc("boosting rounds, at most (early stopping may keep fewer)"),
                ParamSpec.of("early_stopping", ParamType.INT, 10L).withBounds(0.0, null).withDoc("stop after this many rounds"
                        + " without improvement on the validation input, else on a seeded 10% of train; 0 = off"),
                ParamSpec.of("subsample", ParamType.DOUBLE, 1.0).withBounds(1e-6, 1.0).withDoc("share of rows each tree sees"),
                ParamSpec.of("colsample", ParamType.DOUBLE, 1.0).withBounds(1e-6, 1.0).withDoc("share of features each tree sees"),
                ParamSpec.of("min_child_weight", ParamType.DOUBLE, 1.0).withBounds(0.0, null)
                        .withDoc("smallest hessian sum a leaf may hold"),
                ParamSpec.of("lambda", ParamType.DOUBLE, 1.0).withBounds(0.0, null).withDoc("L2 penalty on leaf weights"),
                TrainerParams.choice("tree_method", "hist", "hist", "approx", "exact").withDoc("how splits are searched"),
                ParamSpec.of("seed", ParamType.INT, 42L).withDoc("seed of sampling and of the early-stopping hold-out"));
    }

    @Override
    void modelMetrics(ComponentSpec.Builder b) {
        b.metric("best_iteration", "the round early stopping kept (0-based)").metric("rounds", "rounds in the saved model")
                .metric("best_logloss", "validation log loss at the best round (binary)")
                .metric("best_mlogloss", "validation log loss at the best round (multi-class)")
                .metric("best_rmse", "validation RMSE at the best round (regression)");
    }

    @Override
    String[] prepDefaults() {
        return new String[] {"none", "none", "onehot"};
    }

    @Override
    public void run(StepContext ctx) throws Exception {
        XgbTrainer.preload();   // loads XGBoost's native library while the table is read
        super.run(ctx);
    }

    /** A few rounds with early stopping on one thread, and a cut model: see {@link XgbTrainer#warmUp}. */
    @Override
    void warmUpFit(TrainingSet set) {
        try {
            XgbTrainer.warmUp(dataset(set));
        } catch (ml.dmlc.xgboost4j.java.XGBoostError e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    ModelBody fit(Job job) throws Exception {
        XgbParams p = params(job);
        TrainingSet all = job.train();
        XgbTrainer.Dataset train;
        Optional<XgbTrainer.Dataset> valid = job.validation().map(v -> dataset(v, null));
        if (valid.isEmpty() && p.earlyStopping() > 0 && all.rows() >= 20) {
            int[][] parts = holdOut(all.rows(), p.seed());
            train = dataset(all, parts[0]);
            valid = Optional.of(dataset(all, parts[1]));
        } else {
            train = dataset(all, null);
        }
        int classes = all.classification() ? all.target().labels().size() : 0;
        XgbTrainer.Fit fit = new XgbTrainer().train(p, classes, train, valid, job.threads());
        fit.save(job.dir().resolve(FILE));
        job.metrics().put("best_iteration", (double) fit.bestIteration());
        job.metrics().put("rounds", (double) fit.rounds());
        if (!Double.isNaN(fit.bestScore())) job.metrics().put("best_" + fit.evalMetric(), fit.bestScore());
        String objective = classes == 0 ? "reg:squarederror" : classes == 2 ? "binary:logistic" : "multi:softprob";
        return new ModelBody.Xgboost(FILE, objective, classes, fit.rounds(), fit.bestIteration());
    }

    private static XgbParams params(Job job) {
        var c = job.ctx();
        return new XgbParams((int) integer(c, "max_depth", 6), real(c, "eta", 0.3), (int) integer(c, "rounds", 100),
                (int) integer(c, "early_stopping", 10), real(c, "subsample", 1), real(c, "colsample", 1),
                real(c, "min_child_weight", 1), real(c, "lambda", 1), text(c, "tree_method", "hist"), integer(c, "seed", 42));
    }

    /** A seeded 90/10 split of row indices: {train rows, validation rows}. */
    static int[][] holdOut(int rows, long seed) {
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) order[i] = i;
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = rows - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int nValid = Math.max(1, rows / 10);
        int[] valid = java.util.Arrays.copyOfRange(order, 0, nValid);
        int[] train = java.util.Arrays.copyOfRange(order, nValid, rows);
        java.util.Arrays.sort(valid);
        java.util.Arrays.sort(train);
        return new int[][] {train, valid};
    }

    private static XgbTrainer.Dataset dataset(TrainingSet set) {
        return dataset(set, null);
    }

    /** XGBoost's input of the rows {@code rows} of {@code set} (null: all), taken straight from its columns. */
    private static XgbTrainer.Dataset dataset(TrainingSet set, int[] rows) {
        Transformed x = set.x();
        int n = rows == null ? x.rows() : rows.length;
        float[] labels = new float[n];
        for (int i = 0; i < n; i++) {
            int r = rows == null ? i : rows[i];
            labels[i] = set.classification() ? set.target().classes()[r] : (float) set.target().values()[r];
        }
        return new XgbTrainer.Dataset(x.rowMajorFloats(rows), n, x.width(), labels);
    }
}
