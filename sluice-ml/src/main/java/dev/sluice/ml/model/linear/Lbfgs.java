package dev.sluice.ml.model.linear;

import java.util.function.BooleanSupplier;

/**
 * Limited-memory BFGS minimizer (Nocedal and Wright, Algorithm 7.4/7.5) with a backtracking Armijo line
 * search. Stops when the largest gradient component is below {@code tolerance}, when the objective stops
 * decreasing (relative change below 1e-13 three times in a row), when one iteration lowers it by a relative
 * {@code (f_k - f_k+1) / max(|f_k|, |f_k+1|, 1) <= ftol} (SciPy's L-BFGS-B rule, which scikit-learn's lbfgs
 * uses with ftol = 1e7 × machine epsilon ≈ 2.2e-9; 0 turns it off), or after {@code maxIterations}; {@link Stop}
 * says which. The first three are convergence, as SciPy counts it.
 *
 * <p>With a {@code diagonal} (positive estimates of the Hessian's diagonal), the method runs in the coordinates
 * {@code u = x · sqrt(diagonal)}, where every direction has about the same curvature: the same minimum, reached in
 * far fewer iterations when the variables' curvatures differ by orders of magnitude (one-hot columns of rare and of
 * frequent levels), as a diagonally preconditioned L-BFGS does. The tolerance still applies to the gradient in
 * {@code x}. Not thread-safe; the objective may compute in parallel internally.
 */
public final class Lbfgs {
    /** A smooth objective: returns f(x) and writes ∇f(x) into {@code gradient}. */
    @FunctionalInterface
    public interface Objective {
        double evaluate(double[] x, double[] gradient);
    }

    /** Why the minimizer stopped. */
    public enum Stop {
        /** The largest gradient component is at most the tolerance. */
        GRADIENT,
        /** One iteration lowered the objective by a relative amount of at most {@code ftol}. */
        FTOL,
        /** The objective stopped changing (three iterations below 1e-13 relative). */
        FLAT,
        /** {@code maxIterations} were done first: not converged. */
        MAX_ITERATIONS,
        /** No step along the search direction lowered the objective (at machine precision): not converged. */
        LINE_SEARCH,
        /** The run was cancelled. */
        CANCELLED;

        /** Whether this is convergence as SciPy's L-BFGS-B (and so scikit-learn) reports it. */
        public boolean converged() {
            return this == GRADIENT || this == FTOL || this == FLAT;
        }
    }

    /** Where the minimizer stopped, and why. */
    public record Result(double[] x, double value, double gradientNorm, int iterations, Stop stop) {
        public boolean converged() {
            return stop.converged();
        }
    }

    private final int memory;
    private final int maxIterations;
    private final double tolerance;
    private final double ftol;
    private final double[] rootDiagonal;

    public Lbfgs(int memory, int maxIterations, double tolerance) {
        this(memory, maxIterations, tolerance, 0);
    }

    public Lbfgs(int memory, int maxIterations, double tolerance, double ftol) {
        this(memory, maxIterations, tolerance, ftol, null);
    }

    /** @param diagonal positive estimates of the Hessian's diagonal, or null to run in {@code x} itself */
    public Lbfgs(int memory, int maxIterations, double tolerance, double ftol, double[] diagonal) {
        this.memory = memory;
        this.maxIterations = maxIterations;
        this.tolerance = tolerance;
        this.ftol = ftol;
        if (diagonal == null) {
            this.rootDiagonal = null;
        } else {
            this.rootDiagonal = new double[diagonal.length];
            for (int i = 0; i < diagonal.length; i++) {
                if (!(diagonal[i] > 0) || Double.isInfinite(diagonal[i])) {
                    throw new IllegalArgumentException("diagonal[" + i + "] must be positive and finite, got " + diagonal[i]);
                }
                rootDiagonal[i] = Math.sqrt(diagonal[i]);
            }
        }
    }

    /** Minimizes {@code f} from {@code start} (not modified); {@code cancelled} is polled every iteration. */
    public Result minimize(Objective f, double[] start, BooleanSupplier cancelled) {
        if (rootDiagonal == null) return run(f, start.clone(), cancelled);
        double[] s = rootDiagonal;
        double[] x = new double[start.length];
        Objective scaled = (u, gu) -> {                     // f(u / s), its gradient ∇f / s
            for (int i = 0; i < u.length; i++) x[i] = u[i] / s[i];
            double v = f.evaluate(x, gu);
            for (int i = 0; i < u.length; i++) gu[i] /= s[i];
            return v;
        };
        double[] u = new double[start.length];
        for (int i = 0; i < u.length; i++) u[i] = start[i] * s[i];
        Result r = run(scaled, u, cancelled);
        double[] out = new double[u.length];
        for (int i = 0; i < u.length; i++) out[i] = r.x()[i] / s[i];
        return new Result(out, r.value(), r.gradientNorm(), r.iterations(), r.stop());
    }

    /** L-BFGS on {@code f} from {@code x} (overwritten); gradients are measured in the original coordinates. */
    private Result run(Objective f, double[] x, BooleanSupplier cancelled) {
        int n = x.length;
        double[] g = new double[n];
        double fx = f.evaluate(x, g);
        double[][] s = new double[memory][n];
        double[][] y = new double[memory][n];
        double[] rho = new double[memory];
        double[] dir = new double[n];
        double[] xNew = new double[n];
        double[] gNew = new double[n];
        int stored = 0;
        int iter = 0;
        int flatSteps = 0;
        Stop stop = null;
        while (stop == null) {
            if (gradientNorm(g) <= tolerance) stop = Stop.GRADIENT;
            else if (iter >= maxIterations) stop = Stop.MAX_ITERATIONS;
            else if (cancelled.getAsBoolean()) stop = Stop.CANCELLED;
            if (stop != null) break;
            direction(g, s, y, rho, stored, iter, dir);
            double slope = dot(g, dir);
            if (slope >= 0) {                    // not a descent direction: restart from steepest descent
                for (int i = 0; i < n; i++) dir[i] = -g[i];
                slope = dot(g, dir);
                stored = 0;
            }
            double step = iter == 0 && stored == 0 ? Math.min(1, 1 / Math.max(1e-12, norm(g))) : 1;
            double fNew = Double.NaN;
            for (int tries = 0; tries < 60; tries++, step *= 0.5) {
                for (int i = 0; i < n; i++) xNew[i] = x[i] + step * dir[i];
                fNew = f.evaluate(xNew, gNew);
                if (fNew <= fx + 1e-4 * step * slope) break;
            }
            if (!(fNew <= fx)) {                 // line search failed: x is as good as we can get
                stop = Stop.LINE_SEARCH;
                break;
            }
            int slot = iter % memory;
            for (int i = 0; i < n; i++) {
                s[slot][i] = xNew[i] - x[i];
                y[slot][i] = gNew[i] - g[i];
            }
            double sy = dot(s[slot], y[slot]);
            rho[slot] = sy > 1e-12 ? 1 / sy : 0;   // a pair without curvature contributes nothing
            stored = Math.min(stored + 1, memory);
            flatSteps = Math.abs(fx - fNew) <= 1e-13 * Math.max(1, Math.abs(fx)) ? flatSteps + 1 : 0;
            boolean small = ftol > 0 && (fx - fNew) <= ftol * Math.max(1, Math.max(Math.abs(fx), Math.abs(fNew)));
            System.arraycopy(xNew, 0, x, 0, n);
            System.arraycopy(gNew, 0, g, 0, n);
            fx = fNew;
            iter++;
            if (gradientNorm(g) <= tolerance) stop = Stop.GRADIENT;
            else if (small) stop = Stop.FTOL;
            else if (flatSteps >= 3) stop = Stop.FLAT;
        }
        return new Result(x, fx, gradientNorm(g), iter, stop);
    }

    /** The largest component of the gradient in the original coordinates (g is in the scaled ones when scaled). */
    private double gradientNorm(double[] g) {
        if (rootDiagonal == null) return maxAbs(g);
        double m = 0;
        for (int i = 0; i < g.length; i++) m = Math.max(m, Math.abs(g[i] * rootDiagonal[i]));
        return m;
    }

    /** Two-loop recursion: dir = -H·g using the last {@code stored} pairs ending at iteration {@code iter - 1}. */
    private void direction(double[] g, double[][] s, double[][] y, double[] rho, int stored, int iter, double[] dir) {
        int n = g.length;
        for (int i = 0; i < n; i++) dir[i] = -g[i];
        double[] alpha = new double[memory];
        for (int k = 0; k < stored; k++) {
            int j = Math.floorMod(iter - 1 - k, memory);
            alpha[j] = rho[j] * dot(s[j], dir);
            for (int i = 0; i < n; i++) dir[i] -= alpha[j] * y[j][i];
        }
        if (stored > 0) {
            int last = Math.floorMod(iter - 1, memory);
            double gamma = dot(s[last], y[last]) / dot(y[last], y[last]);
            if (gamma > 0 && Double.isFinite(gamma)) {
                for (int i = 0; i < n; i++) dir[i] *= gamma;
            }
        }
        for (int k = stored - 1; k >= 0; k--) {
            int j = Math.floorMod(iter - 1 - k, memory);
            double beta = rho[j] * dot(y[j], dir);
            for (int i = 0; i < n; i++) dir[i] += (alpha[j] - beta) * s[j][i];
        }
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) m = Math.max(m, Math.abs(v));
        return m;
    }
}
