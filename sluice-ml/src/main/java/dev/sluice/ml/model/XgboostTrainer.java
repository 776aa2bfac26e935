package dev.sluice.ml.model;

import dev.sluice.api.ComponentSpec;
import dev.sluice.api.ParamSpec;
import dev.sluice.api.ParamType;
import dev.sluice.api.StepContext;
import dev.sluice.ml.model.prep.Transformed;
import dev.sluice.ml.model.xgb.XgbParams;
import dev.sluice.ml.model.xgb.XgbTrainer;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The {@code xgboost} component: gradient-boosted trees with XGBoost4J ({@code binary:logistic},
 * {@code multi:softprob} or {@code reg:squarederror}). Defaults: 100 {@code rounds}, {@code eta} 0.3, {@code max_depth}
 * 6. Early stopping ({@code early_stopping}: 10 rounds without improvement, 0 = off) watches the {@code validation}
 * input when one is wired; otherwise it holds out {@code validation_fraction} (10%) of the training rows: random rows
 * (seeded by {@code seed}) with {@code validation: random} (the default), the last rows with {@code validation: last}
 * (for time-ordered data, so the model is judged on rows after those it learns from). The saved model holds exactly
 * the best rounds. The step's log says which rows were watched; the metrics {@code validation_rows},
 * {@code validation_last} and {@code validation_input} (1/0) and {@code model.json} ({@code "validation"}) record it.
 * Nulls stay missing by default ({@code impute: none}): XGBoost learns where they go. Text columns are encoded by
 * their number of levels ({@code encode: auto}, see {@link dev.sluice.ml.model.prep.PrepOptions.Encode#AUTO}): one-hot
 * up to {@code onehot_max_levels} (16) levels, above that one ordinal feature whose codes follow each level's mean
 * target, so three text columns of 700 levels are 3 features, not 2,100 (on 80,000 rows: 3.6 s and 0.3 GB for the run
 * instead of 139 s and 4.6 GB, AUC 0.708 instead of 0.691); the log names each column's encoding. The preprocessing
 * is fitted without the rows held out for early stopping. Saved in XGBoost's own JSON
 * format as {@code xgboost.json}. Records {@code best_iteration}, {@code rounds} and {@code best_logloss} (or
 * {@code best_rmse}, {@code best_mlogloss}). Stateless and thread-safe.
 *
 * <pre>{@code
 * gbdt: {uses: xgboost, inputs: {train: split.train}, with: {target: churn, max_depth: 4},
 *        matrix: {eta: [0.05, 0.1, 0.3]}}
 * sales: {uses: xgboost, inputs: {train: split.train}, with: {target: units, validation: last}}
 * }</pre>
 */
final class XgboostTrainer extends TrainerComponent {
    static final String FILE = "xgboost.json";

    XgboostTrainer(TableReader tables) {
        super(tables, new Header("xgboost", "1", "Gradient-boosted trees (XGBoost).",
                "none", "none", "auto"));
    }

    @Override
    List<ParamSpec> modelParams() {
        return List.of(
                ParamSpec.of("max_depth", ParamType.INT, 6L).withBounds(1.0, 16.0).withDoc("the deepest a tree grows"),
                ParamSpec.of("eta", ParamType.DOUBLE, 0.3).withBounds(1e-6, 1.0).withDoc("learning rate: how much each round adds"),
                ParamSpec.of("rounds", ParamType.INT, 100L).withBounds(1.0, 100_000.0)
                        .withDoc("boosting rounds, at most (early stopping may keep fewer)"),
                ParamSpec.of("early_stopping", ParamType.INT, 10L).withBounds(0.0, null)
                        .withDoc("stop when the validation log loss (rmse) has not improved for this many rounds; 0 = off"),
                TrainerParams.choice("validation", "random", "random", "last").withDoc(
                        "without a validation input, early stopping watches random rows of train (seeded), or its last rows"
                                + " (time-ordered data)"),
                ParamSpec.of("validation_fraction", ParamType.DOUBLE, 0.1).withBounds(0.01, 0.5)
                        .withDoc("the share of train held out for early stopping when no validation input is wired"),
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
                .metric("best_rmse", "validation RMSE at the best round (regression)")
                .metric("logloss", "validation log loss after each round, reported while it trains (binary; a sweep's"
                        + " early_stop: {median: {metric: logloss}} stops a trial on it)")
                .metric("mlogloss", "validation log loss after each round, reported while it trains (multi-class)")
                .metric("rmse", "validation RMSE after each round, reported while it trains (regression)")
                .metric("validation_rows", "rows early stopping watched")
                .metric("validation_last", "1 when they were the last rows of train, else 0")
                .metric("validation_input", "1 when they came from the validation input, else 0");
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
        HoldOut h = holdOut(job.ctx(), all.rows(), p);
        if (h.source().equals("input")) h = h.withRows(job.validation().orElseThrow().rows());
        XgbTrainer.Dataset train = dataset(all, h.train());
        Optional<XgbTrainer.Dataset> valid = switch (h.source()) {
            case "input" -> job.validation().map(v -> dataset(v, null));
            case "none" -> Optional.empty();
            default -> Optional.of(dataset(all, h.valid()));
        };
        job.ctx().log("xgboost: " + h.describe(all.rows(), p.seed()));
        int classes = all.classification() ? all.target().labels().size() : 0;
        String reported = classes == 0 ? "rmse" : classes == 2 ? "logloss" : "mlogloss";
        StepContext ctx = job.ctx();
        XgbTrainer.Fit fit = new XgbTrainer().train(p, classes, train, valid, job.threads(),
                (round, value) -> ctx.report(reported, round, value));
        fit.save(job.dir().resolve(FILE));
        job.metrics().put("best_iteration", (double) fit.bestIteration());
        job.metrics().put("rounds", (double) fit.rounds());
        if (!Double.isNaN(fit.bestScore())) job.metrics().put("best_" + fit.evalMetric(), fit.bestScore());
        job.metrics().put("validation_rows", (double) h.rows());
        job.metrics().put("validation_last", h.source().equals("last") ? 1.0 : 0.0);
        job.metrics().put("validation_input", h.source().equals("input") ? 1.0 : 0.0);
        String objective = classes == 0 ? "reg:squarederror" : classes == 2 ? "binary:logistic" : "multi:softprob";
        return new ModelBody.Xgboost(FILE, objective, classes, fit.rounds(), fit.bestIteration(), h.source(), h.rows());
    }

    /**
     * The rows early stopping watches and the rows it trains on.
     *
     * @param source {@code input}, {@code last}, {@code random} or {@code none} (see {@link ModelBody.Xgboost})
     * @param train  training rows of {@code train} (null: all)
     * @param valid  held-out rows of {@code train} (null unless {@code last} or {@code random})
     * @param rows   how many rows early stopping watches (for {@code input}, set once the table is read)
     */
    record HoldOut(String source, int[] train, int[] valid, int rows, double share) {
        HoldOut withRows(int n) {
            return new HoldOut(source, train, valid, n, share);
        }

        String describe(int trainRows, long seed) {
            String pct = Math.round(share * 100) + "%";
            return switch (source) {
                case "input" -> "early stopping watches the validation input (" + rows + " rows), trained on all "
                        + trainRows + " rows of train";
                case "last" -> "early stopping watches the last " + rows + " rows of train (" + pct + ", validation: last),"
                        + " trained on the first " + train.length;
                case "random" -> "early stopping watches " + rows + " random rows of train (" + pct + ", seed " + seed
                        + "), trained on the other " + train.length;
                default -> "no early stopping (early_stopping: 0, or fewer than 20 rows): " + trainRows + " rows, all rounds";
            };
        }
    }

    /** The preprocessing is fitted on the rows the model trains on, without those held out for early stopping. */
    @Override
    int[] fitRows(StepContext ctx, int rows) {
        return holdOut(ctx, rows, params(ctx)).train();
    }

    /** The validation input when wired, else the last or random {@code validation_fraction} of the training rows. */
    private static HoldOut holdOut(StepContext ctx, int rows, XgbParams p) {
        if (p.earlyStopping() <= 0) return new HoldOut("none", null, null, 0, 0);
        if (ctx.hasInput("validation") && !ctx.inputs("validation").isEmpty()) return new HoldOut("input", null, null, 0, 0);
        if (rows < 20) return new HoldOut("none", null, null, 0, 0);
        double share = ctx.doubleParam("validation_fraction");
        int nValid = (int) Math.max(1, Math.min(rows - 1, Math.round(rows * share)));
        boolean last = ctx.stringParam("validation").equals("last");
        int[][] parts = last ? lastRows(rows, nValid) : holdOut(rows, nValid, p.seed());
        return new HoldOut(last ? "last" : "random", parts[0], parts[1], nValid, share);
    }

    /** {first rows - n, last n rows}. */
    static int[][] lastRows(int rows, int n) {
        int[] train = new int[rows - n];
        int[] valid = new int[n];
        java.util.Arrays.setAll(train, i -> i);
        java.util.Arrays.setAll(valid, i -> rows - n + i);
        return new int[][] {train, valid};
    }

    private static XgbParams params(Job job) {
        return params(job.ctx());
    }

    private static XgbParams params(StepContext c) {
        return new XgbParams((int) c.intParam("max_depth"), c.doubleParam("eta"), (int) c.intParam("rounds"),
                (int) c.intParam("early_stopping"), c.doubleParam("subsample"), c.doubleParam("colsample"),
                c.doubleParam("min_child_weight"), c.doubleParam("lambda"), c.stringParam("tree_method"), c.intParam("seed"));
    }

    /** A seeded split of row indices, {@code nValid} of them held out: {train rows, validation rows}, each sorted. */
    static int[][] holdOut(int rows, int nValid, long seed) {
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) order[i] = i;
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = rows - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
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
