package dev.sluice.ml.model.linear;

import java.util.function.BooleanSupplier;

/**
 * Binary L2 logistic regression by Newton's method with the exact Hessian solved by Cholesky, the solver
 * scikit-learn calls {@code newton-cholesky}: the same objective as {@link LogisticObjective} ({@code Σ_i loss_i +
 * ||w||² / (2C)}, intercept not penalized), minimized in a handful of iterations instead of L-BFGS's tens to
 * hundreds. An iteration costs one pass over the rows per pair of features (the Hessian), so it pays on narrow
 * tables: on telco churn (5,634 x 45, mostly one-hot columns) L-BFGS needed 100 iterations and this needs 6. The
 * loss and residuals are {@link LogisticObjective}'s (one logarithm per run of rows). Steps are damped by
 * backtracking (Armijo) when a full step does not lower the loss enough. Stops when the largest gradient component
 * is at most {@code tolerance}, when a step lowers the loss by a relative amount of at most {@code ftol} (as {@link
 * Lbfgs}), or after {@code maxIterations}. Features are {@code (x[f] - center[f]) / scale[f]}; the standardized
 * copies are made of the columns that need them only. Not thread-safe; one fit at a time.
 */
final class NewtonLogistic {
    private final double[][] z;
    private final int[] y;
    private final int rows;
    private final int d;
    private final double c;

    /** @param center null, or per column; {@code scale} likewise */
    NewtonLogistic(double[][] x, double[] center, double[] scale, int[] y, double c) {
        this.rows = y.length;
        this.d = x.length;
        this.y = y;
        this.c = c;
        this.z = new double[d][];
        for (int f = 0; f < d; f++) {
            double cf = center == null ? 0 : center[f];
            double sf = scale == null ? 1 : scale[f];
            if (cf == 0 && sf == 1) {
                z[f] = x[f];
            } else {
                double[] col = new double[rows];
                for (int r = 0; r < rows; r++) col[r] = (x[f][r] - cf) / sf;
                z[f] = col;
            }
        }
    }

    /** Minimizes from zero; {@code cancelled} is polled every iteration. Parameters are {@code [w_0 .. w_(d-1), b]}. */
    Lbfgs.Result minimize(int maxIterations, double tolerance, double ftol, BooleanSupplier cancelled) {
        int n = d + 1;
        double[] w = new double[n];
        double[] m = new double[rows];          // margins at w
        double[] s = new double[rows];          // p (1 - p): the Hessian's row weights
        double[] resid = new double[rows];      // p - y
        double[] g = new double[n];
        double loss = lossAndDerivatives(w, m, s, resid, g);
        double[] dm = new double[rows];
        double[] trial = new double[rows];
        int iter = 0;
        Lbfgs.Stop stop = null;
        while (stop == null) {
            if (Lbfgs.maxAbs(g) <= tolerance) stop = Lbfgs.Stop.GRADIENT;
            else if (iter >= maxIterations) stop = Lbfgs.Stop.MAX_ITERATIONS;
            else if (cancelled.getAsBoolean()) stop = Lbfgs.Stop.CANCELLED;
            if (stop != null) break;
            double[] step = solve(hessian(s), g);
            double slope = Lbfgs.dot(g, step);
            if (!(slope < 0)) {                 // no descent left at machine precision
                stop = Lbfgs.Stop.FLAT;
                break;
            }
            java.util.Arrays.fill(dm, step[d]);
            for (int f = 0; f < d; f++) axpy(step[f], z[f], dm);
            double t = 1;
            double next = lossAlong(w, step, t, m, dm, trial, resid);
            while (next > loss + 1e-4 * t * slope && t > 1e-10) {
                t /= 2;
                next = lossAlong(w, step, t, m, dm, trial, resid);
            }
            for (int i = 0; i < n; i++) w[i] += t * step[i];
            for (int r = 0; r < rows; r++) m[r] += t * dm[r];
            iter++;
            double previous = loss;
            loss = lossAndDerivatives(w, m, s, resid, g);
            if (Lbfgs.maxAbs(g) <= tolerance) stop = Lbfgs.Stop.GRADIENT;
            else if (ftol > 0 && (previous - loss) <= ftol * Math.max(Math.max(Math.abs(previous), Math.abs(loss)), 1)) {
                stop = Lbfgs.Stop.FTOL;
            }
        }
        return new Lbfgs.Result(w, loss, Lbfgs.maxAbs(g), iter, stop);
    }

    /**
     * Loss at {@code w} with margins {@code m} ({@link LogisticObjective#binary}); fills the residuals, the Hessian
     * weights and the gradient.
     */
    private double lossAndDerivatives(double[] w, double[] m, double[] s, double[] resid, double[] g) {
        double loss = LogisticObjective.binary(m, y, 0, rows, resid);
        for (int r = 0; r < rows; r++) {
            double p = resid[r] + y[r];
            s[r] = p * (1 - p);
        }
        for (int f = 0; f < d; f++) {
            g[f] = LogisticObjective.dotRange(z[f], 0, resid, rows) + w[f] / c;
            loss += w[f] * w[f] / (2 * c);
        }
        g[d] = LogisticObjective.sum(resid, rows);
        return loss;
    }

    /** The loss at {@code w + t·step}, whose margins {@code m + t·dm} go to {@code trial} ({@code resid} is scratch). */
    private double lossAlong(double[] w, double[] step, double t, double[] m, double[] dm, double[] trial,
                             double[] resid) {
        for (int r = 0; r < rows; r++) trial[r] = m[r] + t * dm[r];
        double loss = LogisticObjective.binary(trial, y, 0, rows, resid);
        for (int f = 0; f < d; f++) {
            double wf = w[f] + t * step[f];
            loss += wf * wf / (2 * c);
        }
        return loss;
    }

    /** {@code Zᵀ diag(s) Z + I/C} with the intercept's row and column (unpenalized) last. */
    double[][] hessian(double[] s) {
        int n = d + 1;
        double[][] h = new double[n][n];
        double[] weighted = new double[rows];
        for (int a = 0; a < d; a++) {
            double[] za = z[a];
            double sum = 0;
            for (int r = 0; r < rows; r++) {
                weighted[r] = za[r] * s[r];
                sum += weighted[r];
            }
            h[a][d] = sum;
            int b = a;
            for (; b + 3 < d; b += 4) dot4(weighted, z[b], z[b + 1], z[b + 2], z[b + 3], h[a], b);
            for (; b < d; b++) h[a][b] = LogisticObjective.dotRange(weighted, 0, z[b], rows);
            h[a][a] += 1 / c;
        }
        double total = 0;
        for (double v : s) total += v;
        h[d][d] = total;
        for (int a = 0; a < n; a++) for (int b = 0; b < a; b++) h[a][b] = h[b][a];
        return h;
    }

    /** The Newton step {@code -H⁻¹ g}; a Hessian that is not numerically positive definite gets a small ridge. */
    private static double[] solve(double[][] h, double[] g) {
        double[] minus = new double[g.length];
        for (int i = 0; i < g.length; i++) minus[i] = -g[i];
        double[] step = Cholesky.solve(h, minus);
        for (double ridge = 1e-10; step == null && ridge < 1e3; ridge *= 100) {
            double[][] damped = new double[h.length][];
            for (int i = 0; i < h.length; i++) {
                damped[i] = h[i].clone();
                damped[i][i] += ridge * Math.max(1, Math.abs(h[i][i]));
            }
            step = Cholesky.solve(damped, minus);
        }
        if (step == null) throw new IllegalStateException("logistic regression: the Hessian is singular; use solver: lbfgs");
        return step;
    }

    private static void axpy(double a, double[] x, double[] y) {
        if (a == 0) return;
        for (int r = 0; r < y.length; r++) y[r] += a * x[r];
    }

    /** Four dot products of {@code w} in one pass over it, into {@code out[at .. at + 3]}. */
    private static void dot4(double[] w, double[] b0, double[] b1, double[] b2, double[] b3, double[] out, int at) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (int r = 0; r < w.length; r++) {
            double v = w[r];
            s0 += v * b0[r];
            s1 += v * b1[r];
            s2 += v * b2[r];
            s3 += v * b3[r];
        }
        out[at] = s0;
        out[at + 1] = s1;
        out[at + 2] = s2;
        out[at + 3] = s3;
    }
}
