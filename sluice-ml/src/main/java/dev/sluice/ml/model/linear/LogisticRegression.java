package dev.sluice.ml.model.linear;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * Fits L2-regularized logistic regression (binary or multinomial), minimizing the same objective as
 * scikit-learn's {@code LogisticRegression(C=c)}, with {@link Lbfgs} or, for a binary target on a narrow table,
 * Newton's method ({@link NewtonLogistic}, scikit-learn's {@code newton-cholesky}): see {@link Solver}. Features
 * should be standardized (the trainers do it in preprocessing) for fast convergence. Stateless and thread-safe;
 * each L-BFGS fit uses its own pool of {@code threads} threads.
 */
public final class LogisticRegression {
    /**
     * How the objective is minimized. {@code AUTO} takes Newton's method for a binary target when an iteration's
     * Hessian costs at most {@value #NEWTON_CELLS} multiply-adds (rows x (features + 1)²), L-BFGS otherwise.
     */
    public enum Solver { AUTO, LBFGS, NEWTON }

    /**
     * The largest Hessian (rows x parameters²) {@code AUTO} gives to Newton's method: about 10-20 ms per iteration
     * here, against the tens to hundreds of L-BFGS iterations an ill-conditioned table (one-hot columns) takes. On
     * telco churn (5,634 x 46² = 12M: 45 features and the intercept) the fit went from 100 L-BFGS iterations to 6
     * Newton ones.
     */
    static final long NEWTON_CELLS = 1L << 25;

    /**
     * The fitted coefficients: one row per class for multinomial, a single row (positive class) for binary.
     * {@code gradientNorm} (largest component) and {@code loss} are per row, i.e. of the mean objective; the
     * tolerance applies to that per-row gradient. {@code stop} says why the solver stopped.
     */
    public record Fit(double[][] coefficients, double[] intercepts, int iterations, double gradientNorm, double loss,
                      Lbfgs.Stop stop) {
        /** Whether the solver converged (gradient, ftol or a flat objective), not stopped by max_iter or otherwise. */
        public boolean converged() {
            return stop.converged();
        }
    }

    /**
     * The one-hot features of a text column as one level index per row: features {@code first .. first + width - 1},
     * row {@code r} has a 1 in feature {@code first + levels[r]} and 0 in the others ({@code levels[r] = -1}: 0 in all).
     * The arrays are read, never written.
     */
    public record OneHot(int first, int width, int[] levels) {
        public OneHot {
            if (first < 0 || width < 1) throw new IllegalArgumentException("one-hot block at " + first + " of width " + width);
        }
    }

    private final double c;
    private final int maxIterations;
    private final double tolerance;
    private final double ftol;
    private final Solver solver;

    public LogisticRegression(double c, int maxIterations, double tolerance) {
        this(c, maxIterations, tolerance, 0);
    }

    /** @param ftol stop when one iteration lowers the objective by a relative amount below this (0 = off); see {@link Lbfgs} */
    public LogisticRegression(double c, int maxIterations, double tolerance, double ftol) {
        this(c, maxIterations, tolerance, ftol, Solver.AUTO);
    }

    public LogisticRegression(double c, int maxIterations, double tolerance, double ftol, Solver solver) {
        if (!(c > 0)) throw new IllegalArgumentException("c must be > 0 (it is 1 / regularization strength), got " + c);
        this.c = c;
        this.maxIterations = maxIterations;
        this.tolerance = tolerance;
        this.ftol = ftol;
        this.solver = solver;
    }

    /** The solver a fit of {@code rows} x {@code features} with {@code classes} classes uses. */
    public Solver solverFor(int rows, int features, int classes) {
        if (solver == Solver.NEWTON && classes != 2) {
            throw new IllegalArgumentException("solver newton fits binary targets; this one has " + classes
                    + " classes: use solver: lbfgs (or auto)");
        }
        if (solver != Solver.AUTO) return solver;
        long parameters = features + 1L;
        return classes == 2 && rows * parameters * parameters <= NEWTON_CELLS ? Solver.NEWTON : Solver.LBFGS;
    }

    /**
     * @param x       column-major features {@code x[f][row]}
     * @param y       class index per row, in [0, classes)
     * @param classes number of classes (≥ 2)
     */
    public Fit fit(double[][] x, int[] y, int classes, int threads, BooleanSupplier cancelled) {
        return fit(x, null, null, y, classes, threads, cancelled);
    }

    /**
     * Fits on the features {@code (x[f] - center[f]) / scale[f]} without materializing them (null center and
     * scale: {@code x} are the features). The coefficients are those of the standardized features.
     */
    public Fit fit(double[][] x, double[] center, double[] scale, int[] y, int classes, int threads, BooleanSupplier cancelled) {
        return fit(x, center, scale, List.of(), y, classes, threads, cancelled);
    }

    /**
     * {@link #fit(double[][], double[], double[], int[], int, int, BooleanSupplier)} with one-hot features given as
     * level indices ({@code x[f]} is null for the features of {@code oneHot}): the same model, at a cost per
     * iteration of rows × columns instead of rows × features. L-BFGS runs preconditioned by the Hessian's diagonal at
     * the start ({@link LogisticObjective#diagonal}).
     */
    public Fit fit(double[][] x, double[] center, double[] scale, List<OneHot> oneHot, int[] y, int classes, int threads,
                   BooleanSupplier cancelled) {
        if (classes < 2) throw new IllegalArgumentException("logistic regression needs at least 2 classes, got " + classes);
        if (solverFor(y.length, x.length, classes) == Solver.NEWTON) {
            Lbfgs.Result r = new NewtonLogistic(dense(x, oneHot, y.length), center, scale, y, c)
                    .minimize(maxIterations, tolerance * Math.max(1, y.length), ftol, cancelled);
            return unpack(r, x.length, 1, Math.max(1, y.length));
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            LogisticObjective objective = new LogisticObjective(x, center, scale, oneHot, y, classes, c, pool, threads);
            Lbfgs.Result r = new Lbfgs(10, maxIterations, tolerance * Math.max(1, y.length), ftol, objective.diagonal())
                    .minimize(objective, new double[objective.parameters()], cancelled);
            return unpack(r, x.length, classes == 2 ? 1 : classes, Math.max(1, y.length));
        } finally {
            pool.shutdownNow();
        }
    }

    /** {@code x} with the one-hot blocks' 0/1 columns filled in (Newton's method, on narrow tables only). */
    private static double[][] dense(double[][] x, List<OneHot> oneHot, int rows) {
        if (oneHot.isEmpty()) return x;
        double[][] out = x.clone();
        for (OneHot o : oneHot) {
            for (int j = 0; j < o.width(); j++) out[o.first() + j] = new double[rows];
            int[] levels = o.levels();
            for (int r = 0; r < rows; r++) if (levels[r] >= 0) out[o.first() + levels[r]][r] = 1;
        }
        return out;
    }

    /** The gradient of the objective at {@code fit} (for tests and diagnostics). */
    public double[] gradientAt(Fit fit, double[][] x, int[] y, int classes) {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            LogisticObjective objective = new LogisticObjective(x, y, classes, c, pool, 1);
            double[] w = new double[objective.parameters()];
            int d = x.length;
            for (int j = 0; j < fit.intercepts().length; j++) {
                System.arraycopy(fit.coefficients()[j], 0, w, j * (d + 1), d);
                w[j * (d + 1) + d] = fit.intercepts()[j];
            }
            double[] g = new double[w.length];
            objective.evaluate(w, g);
            return g;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Fit unpack(Lbfgs.Result r, int d, int k, int rows) {
        double[][] coef = new double[k][d];
        double[] b = new double[k];
        for (int j = 0; j < k; j++) {
            System.arraycopy(r.x(), j * (d + 1), coef[j], 0, d);
            b[j] = r.x()[j * (d + 1) + d];
        }
        return new Fit(coef, b, r.iterations(), r.gradientNorm() / rows, r.value() / rows, r.stop());
    }
}
