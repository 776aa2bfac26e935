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
 * {@code [w_k0 .. w_k(d-1), b_k]}. Features are column-major ({@code x[f][row]}), except the one-hot columns of a
 * text column, given as one level index per row ({@link LogisticRegression.OneHot}): a row adds the weight of its
 * level to its margin and its residual to that level's gradient, so an evaluation costs rows × (dense columns + text
 * columns), not rows × levels. The gradient is summed over row blocks computed in parallel. Not thread-safe (one
 * evaluation at a time).
 */
final class LogisticObjective implements Lbfgs.Objective {
    private final double[][] x;
    private final int[] dense;
    private final LogisticRegression.OneHot[] oneHot;
    private final double[] center;
    private final double[] scale;
    private final int[] y;
    private final int rows;
    private final int d;
    private final int k;
    private final double c;
    private final ExecutorService pool;
    private final int blocks;
    /** Rows per tile: 2 × 2048 doubles of margins and residuals stay in a 32-64 KB L1/L2. */
    private static final int TILE = 2048;
    /**
     * Cells (rows × features) a block must have to be worth a thread: a smaller problem is evaluated on the
     * calling thread. On 5,634 x 46 (telco churn) two threads took twice as long per evaluation as one: handing
     * the blocks over cost more than the 0.3 ms of work they held.
     */
    private static final long MIN_BLOCK_CELLS = 1 << 20;
    /** Rows whose factors 1 + e^-|m| are multiplied before one logarithm is taken (see {@link #binary}). */
    private static final int LOG_RUN = 512;

    /** @param classes 2 for binary (one weight vector), K ≥ 3 for multinomial */
    LogisticObjective(double[][] x, int[] y, int classes, double c, ExecutorService pool, int threads) {
        this(x, null, null, List.of(), y, classes, c, pool, threads);
    }

    /**
     * The objective over the features {@code (x[f] - center[f]) / scale[f]} without materializing them: the
     * weights are folded onto the raw columns for each evaluation ({@code w/scale}, and the intercept takes
     * {@code -Σ w·center/scale}), and the gradient is mapped back ({@code (Σ r·x - center·Σ r) / scale}).
     * Null center and scale: the columns are the features. {@code x[f]} is null for the features of {@code oneHot}
     * (whose center is 0 and scale 1).
     */
    LogisticObjective(double[][] x, double[] center, double[] scale, List<LogisticRegression.OneHot> oneHot, int[] y,
                      int classes, double c, ExecutorService pool, int threads) {
        this.center = center == null ? new double[x.length] : center;
        this.scale = scale == null ? ones(x.length) : scale;
        this.x = x;
        this.oneHot = oneHot.toArray(LogisticRegression.OneHot[]::new);
        this.dense = denseColumns(x, this.oneHot);
        this.y = y;
        this.rows = y.length;
        this.d = x.length;
        this.k = classes == 2 ? 1 : classes;
        this.c = c;
        this.pool = pool;
        long cells = (long) rows * (dense.length + this.oneHot.length + 1);
        this.blocks = (int) Math.max(1, Math.min(threads, cells / MIN_BLOCK_CELLS));
    }

    /** The features given as columns; fails unless the one-hot blocks cover exactly the others. */
    private static int[] denseColumns(double[][] x, LogisticRegression.OneHot[] oneHot) {
        boolean[] covered = new boolean[x.length];
        for (LogisticRegression.OneHot o : oneHot) {
            for (int f = o.first(); f < o.first() + o.width(); f++) {
                if (f >= x.length || covered[f] || x[f] != null) {
                    throw new IllegalArgumentException("one-hot feature " + f + " overlaps a column or another block");
                }
                covered[f] = true;
            }
        }
        int[] out = new int[x.length];
        int n = 0;
        for (int f = 0; f < x.length; f++) {
            if (x[f] != null) out[n++] = f;
            else if (!covered[f]) {
                throw new IllegalArgumentException("feature " + f + " has neither a column nor a one-hot block");
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /**
     * Per parameter, the Hessian's diagonal at zero weights (every probability 1/K): {@code q Σ_r x_rf² + 1/C}
     * with {@code q = (1/K)(1 - 1/K)} (1/4 for binary), {@code q · rows} for an intercept. A preconditioner for
     * {@link Lbfgs}: it spans the curvature of standardized columns (about rows/4) down to rare levels (a few rows).
     */
    double[] diagonal() {
        double q = k == 1 ? 0.25 : (1.0 / k) * (1 - 1.0 / k);
        double[] squares = new double[d];
        for (int f : dense) {
            double[] col = x[f];
            double sum = 0;
            for (int r = 0; r < rows; r++) {
                double v = (col[r] - center[f]) / scale[f];
                sum += v * v;
            }
            squares[f] = sum;
        }
        for (LogisticRegression.OneHot o : oneHot) {
            for (int level : o.levels()) if (level >= 0) squares[o.first() + level]++;
        }
        double[] out = new double[parameters()];
        for (int j = 0; j < k; j++) {
            int base = j * (d + 1);
            for (int f = 0; f < d; f++) out[base + f] = q * squares[f] + 1 / c;
            out[base + d] = Math.max(q * rows, 1e-12);
        }
        return out;
    }

    int parameters() {
        return k * (d + 1);
    }

    @Override
    public double evaluate(double[] w, double[] gradient) {
        double[] raw = onRawColumns(w);
        java.util.Arrays.fill(gradient, 0);
        double loss = 0;
        if (blocks == 1) {
            double[] r = block(raw, 0, rows);
            System.arraycopy(r, 0, gradient, 0, gradient.length);
            loss = r[gradient.length];
        } else {
            List<Future<double[]>> parts = new ArrayList<>();
            int size = (rows + blocks - 1) / blocks;
            for (int b = 0; b < blocks; b++) {
                int from = b * size;
                int to = Math.min(rows, from + size);
                parts.add(pool.submit(() -> block(raw, from, to)));
            }
            for (Future<double[]> part : parts) {
                double[] r = join(part);
                for (int i = 0; i < gradient.length; i++) gradient[i] += r[i];
                loss += r[gradient.length];
            }
        }
        for (int j = 0; j < k; j++) {           // d/dw of the standardized features: (Σ r·x - center·Σ r) / scale
            int base = j * (d + 1);
            double residuals = gradient[base + d];
            for (int f = 0; f < d; f++) gradient[base + f] = (gradient[base + f] - center[f] * residuals) / scale[f];
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

    /** The weights {@code w} of the standardized features as weights of the raw columns (identity when unscaled). */
    private double[] onRawColumns(double[] w) {
        double[] raw = w.clone();
        for (int j = 0; j < k; j++) {
            int base = j * (d + 1);
            double shift = 0;
            for (int f = 0; f < d; f++) {
                raw[base + f] = w[base + f] / scale[f];
                shift += raw[base + f] * center[f];
            }
            raw[base + d] = w[base + d] - shift;
        }
        return raw;
    }

    private static double[] ones(int n) {
        double[] v = new double[n];
        java.util.Arrays.fill(v, 1);
        return v;
    }

    /**
     * Loss and gradient of rows [from, to): the gradient, then the loss in the last slot. The rows go in tiles of
     * {@value #TILE} so that the margins and residuals of a tile stay in cache while every feature column passes
     * over them (twice: margins, then gradient), instead of streaming block-sized arrays once per feature.
     */
    private double[] block(double[] w, int from, int to) {
        double[] out = new double[parameters() + 1];
        double[][] z = new double[k][TILE];
        double[][] resid = new double[k][TILE];
        double loss = 0;
        for (int start = from; start < to; start += TILE) {
            int n = Math.min(TILE, to - start);
            margins(w, start, n, z);
            if (k == 1) {
                loss += binary(z[0], y, start, n, resid[0]);
            } else {
                for (int r = 0; r < n; r++) loss += softmax(z, r, y[start + r], resid);
            }
            for (int j = 0; j < k; j++) {
                int base = j * (d + 1);
                double[] rj = resid[j];
                for (int f : dense) out[base + f] += dotRange(x[f], start, rj, n);
                for (LogisticRegression.OneHot o : oneHot) {
                    int[] levels = o.levels();
                    int at = base + o.first();
                    for (int r = 0; r < n; r++) {
                        int level = levels[start + r];
                        if (level >= 0) out[at + level] += rj[r];
                    }
                }
                out[base + d] += sum(rj, n);
            }
        }
        out[parameters()] = loss;
        return out;
    }

    /** The margins of rows [start, start + n) into {@code z[class][0, n)}. */
    private void margins(double[] w, int start, int n, double[][] z) {
        for (int j = 0; j < k; j++) {
            int base = j * (d + 1);
            double[] zj = z[j];
            java.util.Arrays.fill(zj, 0, n, w[base + d]);
            for (int f : dense) {
                double wf = w[base + f];
                if (wf == 0) continue;
                double[] col = x[f];
                for (int r = 0; r < n; r++) zj[r] += wf * col[start + r];
            }
            for (LogisticRegression.OneHot o : oneHot) {
                int[] levels = o.levels();
                int at = base + o.first();
                for (int r = 0; r < n; r++) {
                    int level = levels[start + r];
                    if (level >= 0) zj[r] += w[at + level];
                }
            }
        }
    }

    /**
     * Loss of the rows {@code start..start + n} with margins {@code m[0..n)}, their residuals (p - label) written to
     * {@code resid}. One {@code exp} of -|m| per row gives both the probability and log(1 + e^m) without overflow:
     * log(1 + e^m) = max(m, 0) + log(1 + e^-|m|). The logarithms are taken of products of up to {@value #LOG_RUN}
     * factors 1 + e^-|m| (each in (1, 2], so a product stays below 2^512): one {@code log} per run of rows instead
     * of one per row, which was a third of an evaluation's time on telco churn. The product's rounding error (about
     * 1e-16 relative per factor) is of the order of the per-row logarithms' own.
     */
    static double binary(double[] m, int[] y, int start, int n, double[] resid) {
        double loss = 0;
        double product = 1;
        int factors = 0;
        for (int r = 0; r < n; r++) {
            double mr = m[r];
            int label = y[start + r];
            double e = Math.exp(-Math.abs(mr));
            double inv = 1 / (1 + e);
            resid[r] = (mr >= 0 ? inv : e * inv) - label;
            loss += Math.max(mr, 0) - label * mr;
            product *= 1 + e;
            if (++factors == LOG_RUN) {
                loss += Math.log(product);
                product = 1;
                factors = 0;
            }
        }
        return loss + Math.log(product);
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

    /**
     * {@code Σ col[from + r] · v[r]} over {@code r < n}, in four interleaved partial sums: a single running sum is
     * one long chain of dependent additions (C2 does not reorder floating-point sums), four let the CPU overlap them.
     */
    static double dotRange(double[] col, int from, double[] v, int n) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int r = 0;
        for (; r + 3 < n; r += 4) {
            s0 += col[from + r] * v[r];
            s1 += col[from + r + 1] * v[r + 1];
            s2 += col[from + r + 2] * v[r + 2];
            s3 += col[from + r + 3] * v[r + 3];
        }
        for (; r < n; r++) s0 += col[from + r] * v[r];
        return (s0 + s1) + (s2 + s3);
    }

    /** {@code Σ v[r]} over {@code r < n}, in four partial sums like {@link #dotRange}. */
    static double sum(double[] v, int n) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int r = 0;
        for (; r + 3 < n; r += 4) {
            s0 += v[r];
            s1 += v[r + 1];
            s2 += v[r + 2];
            s3 += v[r + 3];
        }
        for (; r < n; r++) s0 += v[r];
        return (s0 + s1) + (s2 + s3);
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
