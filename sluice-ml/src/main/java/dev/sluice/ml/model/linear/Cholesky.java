package dev.sluice.ml.model.linear;

/** Solves symmetric positive-definite systems by Cholesky decomposition. Stateless. */
final class Cholesky {
    private Cholesky() {}

    /** Solves {@code a·x = b}, or returns null when {@code a} is not (numerically) positive definite. */
    static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] l = new double[n][n];
        double maxDiag = 0;
        for (int i = 0; i < n; i++) maxDiag = Math.max(maxDiag, Math.abs(a[i][i]));
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i][j];
                for (int k = 0; k < j; k++) s -= l[i][k] * l[j][k];
                if (i == j) {
                    if (!(s > 1e-12 * maxDiag)) return null;
                    l[i][i] = Math.sqrt(s);
                } else {
                    l[i][j] = s / l[j][j];
                }
            }
        }
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) s -= l[i][k] * z[k];
            z[i] = s / l[i][i];
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = z[i];
            for (int k = i + 1; k < n; k++) s -= l[k][i] * x[k];
            x[i] = s / l[i][i];
        }
        return x;
    }
}
