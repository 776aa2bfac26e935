package dev.sluice.ml.model.linear;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LinearSolversTest {
    @Test
    void lbfgsFindsTheRosenbrockMinimum() {
        Lbfgs.Objective rosen = (x, g) -> {
            double a = 1 - x[0];
            double b = x[1] - x[0] * x[0];
            g[0] = -2 * a - 400 * x[0] * b;
            g[1] = 200 * b;
            return a * a + 100 * b * b;
        };
        Lbfgs.Result r = new Lbfgs(10, 1000, 1e-6).minimize(rosen, new double[] {-1.2, 1}, () -> false);
        assertThat(r.converged()).isTrue();
        assertThat(r.x()[0]).isCloseTo(1, within(1e-5));
        assertThat(r.x()[1]).isCloseTo(1, within(1e-5));
    }

    @Test
    void ridgeRecoversAnExactLinearFunction() {
        double[][] x = {{1, 2, 3, 4, 5}, {2, 1, 0, 1, 3}};
        double[] y = new double[5];
        for (int r = 0; r < 5; r++) y[r] = 2 * x[0][r] - 3 * x[1][r] + 5;
        RidgeRegression.Fit fit = new RidgeRegression(0).fit(x, y);
        assertThat(fit.coefficients()[0]).isCloseTo(2, within(1e-9));
        assertThat(fit.coefficients()[1]).isCloseTo(-3, within(1e-9));
        assertThat(fit.intercept()).isCloseTo(5, within(1e-9));
    }

    @Test
    void ridgeShrinksAsTheClosedFormSays() {
        // one centered feature: w = Σxy / (Σx² + alpha)
        double[][] x = {{-1, 0, 1}};
        double[] y = {-2, 0, 2};
        RidgeRegression.Fit fit = new RidgeRegression(2).fit(x, y);
        assertThat(fit.coefficients()[0]).isCloseTo(4.0 / (2 + 2), within(1e-12));
    }

    @Test
    void collinearFeaturesGetATinyRidgeInsteadOfFailing() {
        double[][] x = {{1, 2, 3, 4}, {2, 4, 6, 8}};
        RidgeRegression.Fit fit = new RidgeRegression(0).fit(x, new double[] {1, 2, 3, 4});
        assertThat(fit.jitter()).isPositive();
        assertThat(fit.coefficients()[0] + 2 * fit.coefficients()[1]).isCloseTo(1, within(1e-6));
    }

    @Test
    void logisticOnRawColumnsWithCenterAndScaleEqualsLogisticOnStandardizedColumns() {
        SplittableRandom rng = new SplittableRandom(11);
        int n = 5000;   // several row tiles and two blocks
        double[] center = {1000, -3, 0.5};
        double[] scale = {250, 0.01, 2};
        double[][] raw = new double[3][n];
        double[][] standard = new double[3][n];
        int[] y = new int[n];
        for (int r = 0; r < n; r++) {
            double m = 0.4;
            for (int f = 0; f < 3; f++) {
                double z = rng.nextGaussian();
                raw[f][r] = center[f] + scale[f] * z;
                standard[f][r] = (raw[f][r] - center[f]) / scale[f];
                m += (f == 1 ? -1 : 0.8) * z;
            }
            y[r] = rng.nextDouble() < 1 / (1 + Math.exp(-m)) ? 1 : 0;
        }
        LogisticRegression lr = new LogisticRegression(1.0, 200, 1e-9, 0, LogisticRegression.Solver.LBFGS);
        LogisticRegression.Fit a = lr.fit(standard, y, 2, 2, () -> false);
        LogisticRegression.Fit b = lr.fit(raw, center, scale, y, 2, 2, () -> false);
        for (int f = 0; f < 3; f++) assertThat(b.coefficients()[0][f]).as("w%d", f).isCloseTo(a.coefficients()[0][f], within(1e-7));
        assertThat(b.intercepts()[0]).isCloseTo(a.intercepts()[0], within(1e-7));
        assertThat(b.loss()).isCloseTo(a.loss(), within(1e-12));
        assertThat(a.coefficients()[0][1]).isBetween(-1.3, -0.7);
    }

    @Test
    void newtonReachesTheOptimumOfLbfgsInFewIterations() {
        SplittableRandom rng = new SplittableRandom(17);
        int n = 3_001;
        double[][] x = new double[5][n];   // two numeric columns (standardized on the fly) and a one-hot group of 3
        int[] y = new int[n];
        for (int r = 0; r < n; r++) {
            x[0][r] = 50 + 20 * rng.nextGaussian();
            x[1][r] = rng.nextGaussian();
            int level = rng.nextInt(3);
            x[2 + level][r] = 1;
            double m = 0.03 * (x[0][r] - 50) - 0.7 * x[1][r] + (level == 2 ? 1.2 : level == 1 ? -0.4 : 0);
            y[r] = rng.nextDouble() < 1 / (1 + Math.exp(-m)) ? 1 : 0;
        }
        double[] center = {50, 0, 0, 0, 0};
        double[] scale = {20, 1, 1, 1, 1};
        LogisticRegression.Fit lbfgs = new LogisticRegression(1.0, 5000, 1e-13, 0, LogisticRegression.Solver.LBFGS)
                .fit(x, center, scale, y, 2, 1, () -> false);
        LogisticRegression.Fit newton = new LogisticRegression(1.0, 100, 1e-13, 0, LogisticRegression.Solver.NEWTON)
                .fit(x, center, scale, y, 2, 1, () -> false);
        assertThat(newton.iterations()).isLessThan(15).isLessThan(lbfgs.iterations());
        assertThat(newton.gradientNorm()).isLessThanOrEqualTo(1e-13);
        for (int f = 0; f < 5; f++) {
            assertThat(newton.coefficients()[0][f]).as("w%d", f).isCloseTo(lbfgs.coefficients()[0][f], within(1e-6));
        }
        assertThat(newton.intercepts()[0]).isCloseTo(lbfgs.intercepts()[0], within(1e-6));
        assertThat(newton.loss()).isCloseTo(lbfgs.loss(), within(1e-12));
    }

    @Test
    void newtonsHessianOfStandardizedAndIndicatorColumnsIsTheWeightedSumOfProducts() {
        SplittableRandom rng = new SplittableRandom(23);
        int n = 1_001;
        double[][] x = new double[6][n];   // numeric, three one-hot levels, a mostly-1 indicator, numeric
        double[] weights = new double[n];
        for (int r = 0; r < n; r++) {
            x[0][r] = rng.nextGaussian();
            x[1 + rng.nextInt(3)][r] = 1;
            x[4][r] = rng.nextInt(10) == 0 ? 0 : 1;
            x[5][r] = 3 + rng.nextGaussian();
            weights[r] = rng.nextDouble() * 0.25;
        }
        double[] center = {0, 0, 0, 0, 0, 3};
        double[] scale = {1, 1, 1, 1, 1, 2};
        double c = 0.5;
        double[][] h = new NewtonLogistic(x, center, scale, new int[n], c).hessian(weights);
        for (int a = 0; a <= 6; a++) {
            for (int b = 0; b <= 6; b++) {
                double expected = 0;
                for (int r = 0; r < n; r++) {
                    double za = a == 6 ? 1 : (x[a][r] - center[a]) / scale[a];
                    double zb = b == 6 ? 1 : (x[b][r] - center[b]) / scale[b];
                    expected += weights[r] * za * zb;
                }
                if (a == b && a < 6) expected += 1 / c;
                assertThat(h[a][b]).as("H[%d][%d]", a, b).isCloseTo(expected, within(1e-9));
            }
        }
    }

    @Test
    void autoTakesNewtonForNarrowBinaryTablesAndLbfgsOtherwise() {
        LogisticRegression auto = new LogisticRegression(1.0, 100, 1e-6);
        assertThat(auto.solverFor(5_634, 46, 2)).isEqualTo(LogisticRegression.Solver.NEWTON);
        assertThat(auto.solverFor(800_000, 28, 2)).isEqualTo(LogisticRegression.Solver.LBFGS);
        assertThat(auto.solverFor(5_634, 46, 3)).isEqualTo(LogisticRegression.Solver.LBFGS);
        LogisticRegression newton = new LogisticRegression(1.0, 100, 1e-6, 0, LogisticRegression.Solver.NEWTON);
        assertThat(newton.solverFor(800_000, 28, 2)).isEqualTo(LogisticRegression.Solver.NEWTON);
        assertThatThrownBy(() -> newton.fit(new double[][] {{1, 2, 3}}, new int[] {0, 1, 2}, 3, 1, () -> false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("solver newton fits binary targets")
                .hasMessageContaining("lbfgs");
    }

    @Test
    void binaryLogisticStopsWhereTheGradientIsZero() {
        SplittableRandom rng = new SplittableRandom(3);
        int n = 400;
        double[][] x = new double[2][n];
        int[] y = new int[n];
        for (int r = 0; r < n; r++) {
            x[0][r] = rng.nextGaussian();
            x[1][r] = rng.nextGaussian();
            y[r] = rng.nextDouble() < 1 / (1 + Math.exp(-(1.5 * x[0][r] - x[1][r] + 0.3))) ? 1 : 0;
        }
        LogisticRegression lr = new LogisticRegression(1.0, 500, 1e-10);
        LogisticRegression.Fit fit = lr.fit(x, y, 2, 2, () -> false);
        double[] g = lr.gradientAt(fit, x, y, 2);
        for (double v : g) assertThat(Math.abs(v) / n).isLessThan(1e-8);
        assertThat(fit.coefficients()[0][0]).isBetween(1.0, 2.0);
        assertThat(fit.coefficients()[0][1]).isBetween(-1.5, -0.5);
    }

    @Test
    void logisticOnTwoPointsMatchesTheClosedForm() {
        // x = ±1 with labels 1/0, C = 1: by symmetry b = 0 and w solves 2·(1 - σ(w)) = w, i.e. w ≈ 1.0775
        double[][] x = {{1, -1}};
        int[] y = {1, 0};
        LogisticRegression.Fit fit = new LogisticRegression(1.0, 200, 1e-12).fit(x, y, 2, 1, () -> false);
        double w = fit.coefficients()[0][0];
        assertThat(fit.intercepts()[0]).isCloseTo(0, within(1e-8));
        assertThat(2 * (1 - 1 / (1 + Math.exp(-w)))).isCloseTo(w, within(1e-8));
    }

    @Test
    void multinomialLogisticStopsWhereTheGradientIsZero() {
        SplittableRandom rng = new SplittableRandom(5);
        int n = 300;
        double[][] x = new double[2][n];
        int[] y = new int[n];
        for (int r = 0; r < n; r++) {
            y[r] = r % 3;
            x[0][r] = y[r] + rng.nextGaussian();
            x[1][r] = (y[r] == 1 ? 1 : 0) + rng.nextGaussian();
        }
        LogisticRegression lr = new LogisticRegression(0.5, 1000, 1e-10);
        LogisticRegression.Fit fit = lr.fit(x, y, 3, 2, () -> false);
        assertThat(fit.coefficients()).hasDimensions(3, 2);
        for (double v : lr.gradientAt(fit, x, y, 3)) assertThat(Math.abs(v) / n).isLessThan(1e-7);
    }
}
