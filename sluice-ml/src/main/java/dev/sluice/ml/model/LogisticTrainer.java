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
 * them alike. Stops at {@code max_iter}, when the largest per-row gradient
 * component is at most {@code tol}, or (with {@code ftol > 0}) when an iteration lowers the loss by a relative
 * amount of at most {@code ftol}, as SciPy's L-BFGS-B does for scikit-learn. Records {@code iterations},
 * {@code gradient_norm} and {@code newton} (1 when Newton's method fitted it, else 0).
 * Stateless and thread-safe.
 *
 * <pre>{@code
 * logistic: {uses: logistic, inputs: {train: split.train}, with: {target: churn, c: 0.5}}
 * }</pre>
 */
final class LogisticTrainer extends TrainerComponent {
    LogisticTrainer(TableReader tables) {
        super(tables);
    }

    @Override
    ComponentSpec.Builder header() {
        return ComponentSpec.builder("logistic", "1").description("L2 logistic regression (L-BFGS).");
    }

    @Override
    List<ParamSpec> modelParams() {
        return List.of(
                ParamSpec.of("c", ParamType.DOUBLE, 1.0).withBounds(1e-12, null).withDoc("inverse regularization strength"),
                ParamSpec.of("max_iter", ParamType.INT, 500L).withBounds(1.0, 100_000.0),
                ParamSpec.of("tol", ParamType.DOUBLE, 1e-6).withBounds(0.0, null).withDoc("stop when max |gradient| <= tol"),
                ParamSpec.of("ftol", ParamType.DOUBLE, 0.0).withBounds(0.0, null)
                        .withDoc("stop when an iteration lowers the loss by a relative amount <= ftol (0 = off; scikit-learn's lbfgs uses 2.2e-9)"),
                TrainerParams.choice("solver", "auto", "auto", "lbfgs", "newton"));
    }

    @Override
    String[] prepDefaults() {
        return new String[] {"mean", "standard", "onehot"};
    }

    /** Standardized columns stay unscaled: the objective folds center and scale into the coefficients. */
    @Override
    TrainingSet prepare(Frame train, TrainerParams p, int threads, int[] fitRows) {
        return TrainingSet.prepareAffine(train, p, threads, fitRows);
    }

    /** A Newton fit and 40 L-BFGS iterations on one thread: both solvers' loops compiled before the first real fit. */
    @Override
    void warmUpFit(TrainingSet t) {
        double[] center = t.affine().map(AffineFeatures::center).orElse(null);
        double[] scale = t.affine().map(AffineFeatures::scale).orElse(null);
        for (LogisticRegression.Solver solver : List.of(LogisticRegression.Solver.NEWTON, LogisticRegression.Solver.LBFGS)) {
            new LogisticRegression(1, 40, 0, 0, solver).fit(t.x().columns(), center, scale, t.target().classes(),
                    t.target().labels().size(), 1, () -> false);
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
                LogisticRegression.Solver.valueOf(text(job.ctx(), "solver", "auto").toUpperCase(java.util.Locale.ROOT));
        LogisticRegression lr = new LogisticRegression(real(job.ctx(), "c", 1), (int) integer(job.ctx(), "max_iter", 500),
                real(job.ctx(), "tol", 1e-6), real(job.ctx(), "ftol", 0), solver);
        double[] center = t.affine().map(AffineFeatures::center).orElse(null);
        double[] scale = t.affine().map(AffineFeatures::scale).orElse(null);
        LogisticRegression.Fit fit = lr.fit(t.x().columns(), center, scale, t.target().classes(),
                t.target().labels().size(), job.threads(), job.ctx()::cancelled);
        job.metrics().put("iterations", (double) fit.iterations());
        job.metrics().put("gradient_norm", fit.gradientNorm());
        LogisticRegression.Solver used = lr.solverFor(t.rows(), t.x().width(), t.target().labels().size());
        job.metrics().put("newton", used == LogisticRegression.Solver.NEWTON ? 1.0 : 0.0);
        return new ModelBody.Logistic(fit.coefficients(), fit.intercepts());
    }
}
