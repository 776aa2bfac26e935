package dev.sluice.ml.model.linear;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Logistic regression on wide one-hot data: text columns of hundreds of levels given as one level index per row
 * ({@link LogisticRegression.OneHot}) instead of one dense 0/1 column per level, fitted to the same optimum; and
 * L-BFGS scaled by the Hessian's diagonal, which converges where the unscaled method crawls (the one-hot columns of
 * rare and frequent levels differ in curvature by orders of magnitude).
 */
class WideLogisticTest {
    /** Rows, two standardized numeric columns and two text columns (level index per row, Zipf-like), and labels. */
    record Wide(double[][] numeric, int[][] levels, int[] widths, int[] y) {
        int rows() {
            return y.length;
        }

        /** Every feature as a dense column: the numeric ones, then one 0/1 column per level. */
        double[][] dense() {
            int d = numeric.length;
            for (int w : widths) d += w;
            double[][] x = new double[d][];
            System.arraycopy(numeric, 0, x, 0, numeric.length);
            int f = numeric.length;
            for (int b = 0; b < levels.length; b++) {
                for (int k = 0; k < widths[b]; k++) x[f + k] = new double[rows()];
                for (int r = 0; r < rows(); r++) x[f + levels[b][r]][r] = 1;
                f += widths[b];
            }
            return x;
        }

        /** The numeric columns as dense features, the text columns as level indices, in the same feature order. */
        double[][] sparseColumns() {
            double[][] x = new double[dense().length][];
            System.arraycopy(numeric, 0, x, 0, numeric.length);
            return x;
        }

        List<LogisticRegression.OneHot> oneHot() {
            int first = numeric.length;
            LogisticRegression.OneHot a = new LogisticRegression.OneHot(first, widths[0], levels[0]);
            LogisticRegression.OneHot b = new LogisticRegression.OneHot(first + widths[0], widths[1], levels[1]);
            return List.of(a, b);
        }
    }

    static Wide wide(int rows, int levelsA, int levelsB, int classes, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] num = new double[2][rows];
        int[][] lev = new int[2][rows];
        int[] widths = {levelsA, levelsB};
        double[][] effect = new double[2][];
        for (int b = 0; b < 2; b++) {
            effect[b] = new double[widths[b]];
            for (int k = 0; k < widths[b]; k++) effect[b][k] = rng.nextGaussian() * 0.6;
        }
        int[] y = new int[rows];
        for (int r = 0; r < rows; r++) {
            double z = -0.5;
            for (int j = 0; j < 2; j++) {
                num[j][r] = rng.nextGaussian();
                z += (j == 0 ? 0.8 : -0.5) * num[j][r];
            }
            for (int b = 0; b < 2; b++) {
                int k = (int) Math.min(widths[b] - 1, Math.floor(Math.pow(rng.nextDouble(), 2.5) * widths[b]));   // skewed
                lev[b][r] = k;
                z += effect[b][k];
            }
            y[r] = classes == 2 ? (rng.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0)
                    : (int) Math.min(classes - 1, Math.max(0, Math.floor(z + 1.5 + rng.nextGaussian())));
        }
        return new Wide(num, lev, widths, y);
    }

    @Test
    void levelIndicesGiveTheSameModelAsDenseOneHotColumns() {
        Wide w = wide(6000, 40, 150, 2, 7);
        LogisticRegression lr = new LogisticRegression(1, 2000, 1e-9, 0, LogisticRegression.Solver.LBFGS);
        LogisticRegression.Fit dense = lr.fit(w.dense(), w.y(), 2, 1, () -> false);
        LogisticRegression.Fit sparse = lr.fit(w.sparseColumns(), null, null, w.oneHot(), w.y(), 2, 2, () -> false);
        assertThat(dense.converged()).isTrue();
        assertThat(sparse.converged()).isTrue();
        for (int f = 0; f < dense.coefficients()[0].length; f++) {
            assertThat(sparse.coefficients()[0][f]).as("coefficient %d", f).isCloseTo(dense.coefficients()[0][f], within(1e-6));
        }
        assertThat(sparse.intercepts()[0]).isCloseTo(dense.intercepts()[0], within(1e-6));
    }

    @Test
    void multinomialWithLevelIndicesMatchesDenseToo() {
        Wide w = wide(3000, 20, 60, 3, 8);
        LogisticRegression lr = new LogisticRegression(0.5, 3000, 1e-9, 0, LogisticRegression.Solver.LBFGS);
        LogisticRegression.Fit dense = lr.fit(w.dense(), w.y(), 3, 1, () -> false);
        LogisticRegression.Fit sparse = lr.fit(w.sparseColumns(), null, null, w.oneHot(), w.y(), 3, 1, () -> false);
        for (int j = 0; j < 3; j++) {
            for (int f = 0; f < dense.coefficients()[j].length; f++) {
                assertThat(sparse.coefficients()[j][f]).isCloseTo(dense.coefficients()[j][f], within(1e-5));
            }
        }
    }

    @Test
    void newtonOnANarrowTableTakesLevelIndicesToo() {
        Wide w = wide(2000, 4, 6, 2, 9);
        LogisticRegression newton = new LogisticRegression(1, 100, 1e-10, 0, LogisticRegression.Solver.NEWTON);
        LogisticRegression.Fit dense = newton.fit(w.dense(), w.y(), 2, 1, () -> false);
        LogisticRegression.Fit sparse = newton.fit(w.sparseColumns(), null, null, w.oneHot(), w.y(), 2, 1, () -> false);
        for (int f = 0; f < dense.coefficients()[0].length; f++) {
            assertThat(sparse.coefficients()[0][f]).isCloseTo(dense.coefficients()[0][f], within(1e-9));
        }
    }

    @Test
    void convergesWithinScikitLearnsHundredIterationsOnWideOneHotData() {
        // 20,000 rows, 2 numeric columns and text columns of 300 and 500 skewed levels; a strict gradient tolerance
        Wide w = wide(20_000, 300, 500, 2, 10);
        LogisticRegression.Fit fit = new LogisticRegression(1, 100, 1e-7, 0, LogisticRegression.Solver.LBFGS)
                .fit(w.sparseColumns(), null, null, w.oneHot(), w.y(), 2, 2, () -> false);
        assertThat(fit.converged()).isTrue();
        assertThat(fit.stop()).isEqualTo(Lbfgs.Stop.GRADIENT);
        assertThat(fit.gradientNorm()).isLessThanOrEqualTo(1e-7);
        assertThat(fit.iterations()).isLessThan(100);
    }

    @Test
    void stoppingAtTheIterationLimitIsNotConvergence() {
        Wide w = wide(5000, 100, 100, 2, 11);
        LogisticRegression.Fit fit = new LogisticRegression(1, 3, 1e-9, 0, LogisticRegression.Solver.LBFGS)
                .fit(w.sparseColumns(), null, null, w.oneHot(), w.y(), 2, 1, () -> false);
        assertThat(fit.iterations()).isEqualTo(3);
        assertThat(fit.converged()).isFalse();
        assertThat(fit.stop()).isEqualTo(Lbfgs.Stop.MAX_ITERATIONS);
    }
}
