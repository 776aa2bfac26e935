package dev.sluice.ml.model.linear;

/**
 * Linear least squares with an optional ridge penalty {@code alpha·||w||²} (intercept not penalized),
 * solved by the normal equations: center X and y, then Cholesky on the d×d matrix {@code XᵀX + αI}.
 * When that matrix is singular (collinear features, e.g. a full one-hot encoding with alpha 0) a tiny
 * ridge (1e-8 × mean diagonal) is added and reported in {@link Fit#jitter()}. Stateless and thread-safe.
 */
public final class RidgeRegression {
    /** Coefficients per feature, the intercept, and the ridge actually added to make the system solvable. */
    public record Fit(double[] coefficients, double intercept, double jitter) {}

    private final double alpha;

    public RidgeRegression(double alpha) {
        if (alpha < 0) throw new IllegalArgumentException("alpha must be >= 0, got " + alpha);
        this.alpha = alpha;
    }

    /** @param x column-major features {@code x[f][row]} */
    public Fit fit(double[][] x, double[] y) {
        int d = x.length;
        int n = y.length;
        double[] means = new double[d];
        for (int f = 0; f < d; f++) means[f] = mean(x[f]);
        double yMean = mean(y);
        double[][] gram = new double[d][d];
        double[] rhs = new double[d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int r = 0; r < n; r++) s += (x[i][r] - means[i]) * (x[j][r] - means[j]);
                gram[i][j] = s;
                gram[j][i] = s;
            }
            double s = 0;
            for (int r = 0; r < n; r++) s += (x[i][r] - means[i]) * (y[r] - yMean);
            rhs[i] = s;
        }
        for (int i = 0; i < d; i++) gram[i][i] += alpha;
        double jitter = 0;
        double[] w = Cholesky.solve(gram, rhs);
        if (w == null) {
            jitter = 1e-8 * Math.max(1e-12, trace(gram) / Math.max(1, d));
            for (int i = 0; i < d; i++) gram[i][i] += jitter;
            w = Cholesky.solve(gram, rhs);
            if (w == null) throw new IllegalArgumentException("the features are linearly dependent; set alpha > 0 (e.g. 1.0)");
        }
        double b = yMean;
        for (int f = 0; f < d; f++) b -= w[f] * means[f];
        return new Fit(w, b, jitter);
    }

    private static double trace(double[][] a) {
        double t = 0;
        for (int i = 0; i < a.length; i++) t += a[i][i];
        return t;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return v.length == 0 ? 0 : s / v.length;
    }
}
