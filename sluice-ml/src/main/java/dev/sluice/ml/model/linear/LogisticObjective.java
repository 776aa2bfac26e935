package dev.sluice.ml.model.linear;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The L2-regularized logistic loss, as scikit-learn defines it:
 * {@code Σ_i loss_i + ||W||² / (2C)} (intercepts not penalized). Binary (sigmoid, one weight vector) or
 * multinomial (softmax over K weight vectors). Parameters are laid out class by class as
 * {@code [w_k0 .. w_k(d-1), b_k]}. Features are column-major ({@code x[f][row]}); the gradient is summed over
 * row blocks computed in parallel. Not thread-safe (one evaluation at a time).
 */
final class LogisticObjective implements Lbfgs.Objective {
    private final double[][] x;
    private final int[] y;
    private final int rows;
    private final int d;
    private final int k;
    private final double c;
    private final ExecutorService pool;
    private final int blocks;

    /** @param classes 2 for binary (one weight vector), K ≥ 3 for multinomial */
    LogisticObjective(double[][] x, int[] y, int classes, double c, ExecutorService pool, int threads) {
        this.x = x;
        this.y = y;
        this.rows = y.length;
        this.d = x.length;
        this.k = classes == 2 ? 1 : classes;
        this.c = c;
        this.pool = pool;
        this.blocks = Math.max(1, Math.min(threads, rows / 256));
    }

    int parameters() {
        return k * (d + 1);
    }

    @Override
    public double evaluate(double[] w, double[] gradient) {
        List<Future<double[]>> parts = new ArrayList<>();
        int size = (rows + blocks - 1) / blocks;
        for (int b = 0; b < blocks; b++) {
            int from = b * size;
            int to = Math.min(rows, from + size);
            parts.add(pool.submit(() -> block(w, from, to)));
        }
        java.util.Arrays.fill(gradient, 0);
        double loss = 0;
        for (Future<double[]> part : parts) {
            double[] r = join(part);
            for (int i = 0; i < gradient.length; i++) gradient[i] += r[i];
            loss += r[gradient.length];
        }
        for (int j = 0; j < k; j++) {
            for (int f = 0; f < d; f++) {
                double wf = w[j * (d + 1) + f];
                loss += wf * wf / (2 * c);
                gradient[j * (d + 1) + f] += wf / c;
            }
        }
        return loss;
    }

    /** Loss and gradient of rows [from, to): the gradient, then the loss in the last slot. */
    private double[] block(double[] w, int from, int to) {
        int n = to - from;
        double[][] z = margins(w, from, to);
        double[] out = new double[parameters() + 1];
        double loss = 0;
        double[][] resid = new double[k][n];
        for (int r = 0; r < n; r++) {
            loss += k == 1 ? binary(z[0], r, y[from + r], resid[0]) : softmax(z, r, y[from + r], resid);
        }
        for (int j = 0; j < k; j++) {
            int base = j * (d + 1);
            for (int f = 0; f < d; f++) out[base + f] = dotRange(x[f], from, resid[j]);
            double sum = 0;
            for (double v : resid[j]) sum += v;
            out[base + d] = sum;
        }
        out[parameters()] = loss;
        return out;
    }

    private double[][] margins(double[] w, int from, int to) {
        double[][] z = new double[k][to - from];
        for (int j = 0; j < k; j++) {
            int base = j * (d + 1);
            java.util.Arrays.fill(z[j], w[base + d]);
            for (int f = 0; f < d; f++) {
                double wf = w[base + f];
                if (wf == 0) continue;
                double[] col = x[f];
                for (int r = from; r < to; r++) z[j][r - from] += wf * col[r];
            }
        }
        return z;
    }

    private static double binary(double[] z, int r, int label, double[] resid) {
        double m = z[r];
        double p = 1 / (1 + Math.exp(-m));
        resid[r] = p - label;
        // log(1 + e^m) - label * m, computed without overflow
        double softplus = m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m));
        return softplus - label * m;
    }

    private double softmax(double[][] z, int r, int label, double[][] resid) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) max = Math.max(max, z[j][r]);
        double sum = 0;
        for (int j = 0; j < k; j++) sum += Math.exp(z[j][r] - max);
        double logSum = max + Math.log(sum);
        for (int j = 0; j < k; j++) resid[j][r] = Math.exp(z[j][r] - logSum) - (j == label ? 1 : 0);
        return logSum - z[label][r];
    }

    private static double dotRange(double[] col, int from, double[] v) {
        double s = 0;
        for (int r = 0; r < v.length; r++) s += col[from + r] * v[r];
        return s;
    }

    private static double[] join(Future<double[]> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("logistic regression interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("logistic regression failed: " + e.getCause(), e.getCause());
        }
    }
}
