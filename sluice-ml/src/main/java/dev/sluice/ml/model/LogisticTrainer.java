package dev.sluice.ml.model;

import dev.sluice.api.ComponentSpec;
import dev.sluice.api.ParamSpec;
import dev.sluice.api.ParamType;
import dev.sluice.ml.model.linear.LogisticRegression;
import dev.sluice.ml.model.prep.AffineFeatures;
import dev.sluice.ml.table.Frame;

import java.util.List;

/**
 * The {@code logistic} component: L2-regularized logistic regression (binary, or multinomial for 3+
 * classes) with the objective of scikit-learn's {@code LogisticRegression(C=c)}, solved by L-BFGS with the
 * gradient computed over row blocks on {@code cpus} threads, or by Newton's method for a binary target on a narrow
 * table ({@code solver: auto}, the default; {@code lbfgs} or {@code newton} choose one; see
 * {@link LogisticRegression.Solver}). Features are standardized by default (scale: standard), so the penalty treats
 * them alike; text columns are one-hot encoded, their features read as one level index per row (a column of 700
 * levels costs a value per row, not 700), and L-BFGS is scaled by the Hessian's diagonal, so that the one-hot
 * features of rare and frequent levels converge together. Stops at {@code max_iter} (500), when the largest per-row
 * gradient component is at most {@code tol} (1e-6), or when an iteration lowers the loss by a relative amount of at
 * most {@code ftol} (2.2e-9, SciPy L-BFGS-B's rule, which scikit-learn's lbfgs uses; 0 = off). Records
 * {@code iterations}, {@code converged} (1, or 0 when it stopped at {@code max_iter} or could not lower the loss:
 * then the log has a warning), {@code gradient_norm} and {@code newton} (1 when Newton's method fitted it, else 0).
 * Stateless and thread-safe.
 *
 * <pre>{@code
 * logistic: {uses: logistic, inputs: {train: split.train}, with: {target: churn, c: 0.5}}
 * }</pre>
 */
final class LogisticTrainer extends TrainerComponent {
    /** SciPy L-BFGS-B's default {@code factr} (1e7) times machine epsilon: scikit-learn's lbfgs stops by this rule. */
    static final double FTOL = 1e7 * Math.ulp(1.0);

    LogisticTrainer(TableReader tables) {
        super(tables, new Header("logistic", "1", "L2 logistic regression (L-BFGS).",
                "mean", "standard", "onehot"));
    }

    @Override
    List<ParamSpec> modelParams() {
        return List.of(
                ParamSpec.of("c", ParamType.DOUBLE, 1.0).withBounds(1e-12, null).withDoc("inverse regularization strength"),
                ParamSpec.of("max_iter", ParamType.INT, 500L).withBounds(1.0, 100_000.0).withDoc("iterations, at most"),
                ParamSpec.of("tol", ParamType.DOUBLE, 1e-6).withBounds(0.0, null).withDoc("stop when max |gradient| <= tol"),
                ParamSpec.of("ftol", ParamType.DOUBLE, FTOL).withBounds(0.0, null)
                        .withDoc("stop when an iteration lowers the loss by a relative amount <= ftol (0 = off); the default is"
                                + " SciPy's L-BFGS-B rule, which scikit-learn's lbfgs uses"),
                TrainerParams.choice("solver", "auto", "auto", "lbfgs", "newton")
                        .withDoc("auto: Newton's method for a binary target on a narrow table, else L-BFGS"));
    }

    @Override
    List<String> tasks() {
        return List.of("auto", "classification");
    }

    @Override
    void modelMetrics(ComponentSpec.Builder b) {
        b.metric("iterations", "solver iterations").metric("gradient_norm", "largest gradient component at the end")
                .metric("converged", "1 when the solver met its tolerance, 0 when it stopped at max_iter")
                .metric("newton", "1 when Newton's method fitted it, else 0");
    }

    /**
     * Standardized columns stay unscaled (the objective folds center and scale into the coefficients) and one-hot
     * features stay level indices.
     */
    @Override
    TrainingSet prepare(Frame train, TrainerParams p, int threads, int[] fitRows) {
        return TrainingSet.prepareAffine(train, p, threads, fitRows);
    }

    /** A Newton fit and 40 L-BFGS iterations on one thread: both solvers' loops compiled before the first real fit. */
    @Override
    void warmUpFit(TrainingSet t) {
        AffineFeatures a = t.affine().orElseThrow();
        for (LogisticRegression.Solver solver : List.of(LogisticRegression.Solver.NEWTON, LogisticRegression.Solver.LBFGS)) {
            new LogisticRegression(1, 40, 0, 0, solver).fit(a.columns(), a.center(), a.scale(), oneHot(a),
                    t.target().classes(), t.target().labels().size(), 1, () -> false);
        }
    }

    @Override
    ModelBody fit(Job job) {
        TrainingSet t = job.train();
        if (!t.classification()) {
            throw new IllegalArgumentException("logistic is a classifier but target '" + t.target().name()
                    + "' is a regression target; use linear, or set task: classification");
        }
        RejectMissing.check(t, "logistic");
        LogisticRegression.Solver solver =
                LogisticRegression.Solver.valueOf(job.ctx().stringParam("solver").toUpperCase(java.util.Locale.ROOT));
        int maxIter = (int) job.ctx().intParam("max_iter");
        double tol = job.ctx().doubleParam("tol");
        double ftol = job.ctx().doubleParam("ftol");
        LogisticRegression lr = new LogisticRegression(job.ctx().doubleParam("c"), maxIter, tol, ftol, solver);
        AffineFeatures a = t.affine().orElseThrow();
        LogisticRegression.Fit fit = lr.fit(a.columns(), a.center(), a.scale(), oneHot(a), t.target().classes(),
                t.target().labels().size(), job.threads(), job.ctx()::cancelled);
        LogisticRegression.Solver used = lr.solverFor(t.rows(), t.x().width(), t.target().labels().size());
        job.metrics().put("iterations", (double) fit.iterations());
        job.metrics().put("converged", fit.converged() ? 1.0 : 0.0);
        job.metrics().put("gradient_norm", fit.gradientNorm());
        job.metrics().put("newton", used == LogisticRegression.Solver.NEWTON ? 1.0 : 0.0);
        job.ctx().log(convergence(fit, used, maxIter, tol));
        return new ModelBody.Logistic(fit.coefficients(), fit.intercepts());
    }

    /** The step's line on how the solver ended; a warning when it did not converge. */
    static String convergence(LogisticRegression.Fit fit, LogisticRegression.Solver solver, int maxIter, double tol) {
        String name = solver.name().toLowerCase(java.util.Locale.ROOT);
        String gradient = String.format(java.util.Locale.ROOT, "largest gradient component %.2g per row (tol %.2g)",
                fit.gradientNorm(), tol);
        return switch (fit.stop()) {
            case GRADIENT, FTOL, FLAT -> "logistic: " + name + " converged in " + fit.iterations() + " iterations ("
                    + switch (fit.stop()) {
                        case GRADIENT -> "gradient below tol";
                        case FTOL -> "the loss changed by less than ftol";
                        default -> "the loss stopped changing";
                    } + "), " + gradient;
            case MAX_ITERATIONS -> "logistic: warning: " + name + " stopped at max_iter = " + maxIter + " iterations without"
                    + " converging, " + gradient + "; the coefficients may be off: raise max_iter (or loosen tol/ftol)";
            case LINE_SEARCH -> "logistic: warning: " + name + " stopped after " + fit.iterations() + " iterations: no step"
                    + " lowered the loss, " + gradient + "; keep scale: standard, or raise c if the features are collinear";
            case CANCELLED -> "logistic: cancelled after " + fit.iterations() + " iterations";
        };
    }

    /** The text columns' one-hot features as level indices, for {@link LogisticRegression}. */
    private static List<LogisticRegression.OneHot> oneHot(AffineFeatures a) {
        return a.oneHot().stream().map(c -> new LogisticRegression.OneHot(c.first(), c.width(), c.levels())).toList();
    }
}
