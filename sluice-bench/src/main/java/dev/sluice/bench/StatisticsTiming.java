package dev.sluice.bench;

import dev.sluice.ml.model.linear.Lbfgs;
import dev.sluice.monitor.KolmogorovSmirnovAccess;
import org.apache.commons.math3.analysis.MultivariateFunction;
import org.apache.commons.math3.analysis.MultivariateVectorFunction;
import org.apache.commons.math3.distribution.AbstractRealDistribution;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleValueChecker;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunctionGradient;
import org.apache.commons.math3.optim.nonlinear.scalar.gradient.NonLinearConjugateGradientOptimizer;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

import static dev.sluice.bench.SideBySide.compare;
import static dev.sluice.bench.SideBySide.sink;

/**
 * The statistics cases of {@link ReplacementTiming}: the KS test of drift monitoring and L-BFGS against
 * commons-math3, the random forest against Tribuo.
 */
final class StatisticsTiming {
    private StatisticsTiming() {
    }

    /**
     * One feature's KS check: a reference known by 101 percentiles of 1,000,000 training rows, 100,000 current rows.
     * The library side is commons-math3's one-sample test against the same interpolated CDF.
     */
    static void ks(int rounds) {
        Random r = new Random(11);
        double[] train = new double[1_000_000];
        for (int i = 0; i < train.length; i++) train[i] = r.nextGaussian();
        Arrays.sort(train);
        double[] knots = new double[101], p = new double[101];
        for (int k = 0; k <= 100; k++) {
            p[k] = k / 100.0;
            knots[k] = train[(int) Math.min(train.length - 1, Math.round(k / 100.0 * (train.length - 1)))];
        }
        double[] current = new double[100_000];
        for (int i = 0; i < current.length; i++) current[i] = 0.05 + r.nextGaussian();
        Interpolated reference = new Interpolated(knots, p);
        KolmogorovSmirnovTest test = new KolmogorovSmirnovTest();
        double[] oursResult = KolmogorovSmirnovAccess.test(knots, p, current, train.length);
        double libraryD = test.kolmogorovSmirnovStatistic(reference, current);
        System.out.printf(Locale.ROOT, "ks: ours d=%.6f lower=%.6f p=%.3g; commons-math3 d=%.6f%n",
                oursResult[0], oursResult[1], oursResult[2], libraryD);
        compare("ks (101 knots, 100k values: statistic)", rounds, current.length,
                () -> sink += (int) (1e6 * KolmogorovSmirnovAccess.test(knots, p, current, train.length)[0]),
                () -> sink += (int) (1e6 * test.kolmogorovSmirnovStatistic(reference, current)));
    }

    /** The reference CDF of KolmogorovSmirnov (linear between distinct knots) as a commons-math3 distribution. */
    private static final class Interpolated extends AbstractRealDistribution {
        private final double[] x;
        private final double[] p;

        Interpolated(double[] x, double[] p) {
            super(null);
            this.x = x;
            this.p = p;
        }

        @Override
        public double cumulativeProbability(double v) {
            if (v < x[0]) return 0;
            if (v >= x[x.length - 1]) return 1;
            int i = Arrays.binarySearch(x, v);
            if (i >= 0) {
                while (i + 1 < x.length && x[i + 1] == v) i++;
                return p[i];
            }
            int hi = -i - 1, lo = hi - 1;
            return p[lo] + (p[hi] - p[lo]) * (v - x[lo]) / (x[hi] - x[lo]);
        }

        @Override public double density(double v) { throw new UnsupportedOperationException(); }
        @Override public double getNumericalMean() { return Double.NaN; }
        @Override public double getNumericalVariance() { return Double.NaN; }
        @Override public double getSupportLowerBound() { return x[0]; }
        @Override public double getSupportUpperBound() { return x[x.length - 1]; }
        @Override public boolean isSupportLowerBoundInclusive() { return true; }
        @Override public boolean isSupportUpperBoundInclusive() { return true; }
        @Override public boolean isSupportConnected() { return true; }
    }

    /**
     * L2 logistic regression on 100,000 seeded rows of 28 features (C = 1): our L-BFGS against commons-math3's
     * non-linear conjugate gradient (Polak-Ribière; commons-math3 and Hipparchus have no L-BFGS), both to the same
     * relative change of the objective.
     */
    static void lbfgs(int rounds) {
        int rows = 100_000, d = 28;
        Random r = new Random(5);
        double[][] x = new double[rows][d];
        double[] y = new double[rows];
        double[] w = new double[d];
        for (int f = 0; f < d; f++) w[f] = r.nextGaussian();
        for (int i = 0; i < rows; i++) {
            double z = 0;
            for (int f = 0; f < d; f++) {
                x[i][f] = r.nextGaussian() * (1 + f % 4);
                z += w[f] * x[i][f] / (1 + f % 4);
            }
            y[i] = r.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
        }
        int[] evaluations = new int[1];
        Lbfgs.Objective loss = (b, g) -> {
            evaluations[0]++;
            Arrays.fill(g, 0);
            double v = 0;
            for (int i = 0; i < rows; i++) {
                double z = b[d];
                double[] xi = x[i];
                for (int f = 0; f < d; f++) z += b[f] * xi[f];
                double pr = 1 / (1 + Math.exp(-z));
                v += Math.log1p(Math.exp(-Math.abs(z))) + Math.max(z, 0) - y[i] * z;
                double e = pr - y[i];
                for (int f = 0; f < d; f++) g[f] += e * xi[f];
                g[d] += e;
            }
            for (int f = 0; f < d; f++) {
                v += 0.5 * b[f] * b[f];
                g[f] += b[f];
            }
            return v;
        };
        double ftol = 2.2e-9;
        double[][] found = new double[2][];
        int[][] counted = new int[2][1];
        Runnable ours = () -> {
            evaluations[0] = 0;
            Lbfgs.Result res = new Lbfgs(10, 1000, 1e-4 * rows, ftol).minimize(loss, new double[d + 1], () -> false);
            found[0] = new double[] {res.value(), res.iterations()};
            counted[0][0] = evaluations[0];
        };
        Runnable library = () -> {
            evaluations[0] = 0;
            double[] grad = new double[d + 1];
            MultivariateFunction value = b -> loss.evaluate(b, grad);
            MultivariateVectorFunction gradient = b -> {
                double[] g = new double[d + 1];
                loss.evaluate(b, g);
                return g;
            };
            NonLinearConjugateGradientOptimizer opt = new NonLinearConjugateGradientOptimizer(
                    NonLinearConjugateGradientOptimizer.Formula.POLAK_RIBIERE, new SimpleValueChecker(ftol, -1));
            PointValuePair res = opt.optimize(new MaxEval(100_000), new MaxIter(1000), new ObjectiveFunction(value),
                    new ObjectiveFunctionGradient(gradient), GoalType.MINIMIZE, new InitialGuess(new double[d + 1]));
            found[1] = new double[] {res.getValue(), opt.getIterations()};
            counted[1][0] = evaluations[0];
        };
        ours.run();
        library.run();
        System.out.printf(Locale.ROOT, "lbfgs: ours loss %.6f in %d iterations, %d evaluations; commons-math3 CG loss %.6f in %d iterations, %d evaluations%n",
                found[0][0], (int) found[0][1], counted[0][0], found[1][0], (int) found[1][1], counted[1][0]);
        compare("lbfgs (logistic, 100k x 28: one fit)", rounds, 1, ours, library);
    }

    /**
     * A random forest of 50 trees (depth 12, sqrt(features) per split, one thread) on 20,000 seeded rows of 20
     * features, judged by AUC on 5,000 more: ForestTrainer against Tribuo's RandomForestTrainer of CART trees.
     */
    static void forest(int rounds) {
        int rows = 20_000, test = 5_000, d = 20;
        Random r = new Random(9);
        double[][] x = new double[rows + test][d];
        int[] y = new int[rows + test];
        double[] w = new double[d];
        for (int f = 0; f < d; f++) w[f] = r.nextGaussian();
        for (int i = 0; i < rows + test; i++) {
            double z = 0;
            for (int f = 0; f < d; f++) {
                x[i][f] = r.nextGaussian();
                z += w[f] * x[i][f] + (f % 5 == 0 ? 0.5 * x[i][f] * x[i][f] : 0);
            }
            y[i] = r.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
        }
        double[][] trainX = new double[d][rows];   // ForestTrainer reads columns
        for (int i = 0; i < rows; i++) for (int f = 0; f < d; f++) trainX[f][i] = x[i][f];
        int[] trainY = Arrays.copyOf(y, rows);
        String[] names = new String[d];
        for (int f = 0; f < d; f++) names[f] = "f" + f;
        org.tribuo.classification.LabelFactory labels = new org.tribuo.classification.LabelFactory();
        org.tribuo.MutableDataset<org.tribuo.classification.Label> data = new org.tribuo.MutableDataset<>(
                new org.tribuo.provenance.SimpleDataSourceProvenance("bench", labels), labels);
        for (int i = 0; i < rows; i++) data.add(new org.tribuo.impl.ArrayExample<>(new org.tribuo.classification.Label(String.valueOf(y[i])), names, x[i]));
        int features = (int) Math.round(Math.sqrt(d));
        Object[] models = new Object[2];
        Runnable ours = () -> models[0] = new dev.sluice.ml.model.tree.ForestTrainer(50, 12, 1, features, 42)
                .classify(trainX, trainY, 2, 1, () -> false);
        Runnable library = () -> models[1] = new org.tribuo.common.tree.RandomForestTrainer<>(
                new org.tribuo.classification.dtree.CARTClassificationTrainer(12, (float) features / d, 42),
                new org.tribuo.classification.ensemble.VotingCombiner(), 50, 42).train(data);
        ours.run();
        library.run();
        double[] so = new double[test], sl = new double[test];
        boolean[] pos = new boolean[test];
        double[] out = new double[2];
        @SuppressWarnings("unchecked")
        org.tribuo.Model<org.tribuo.classification.Label> tribuo = (org.tribuo.Model<org.tribuo.classification.Label>) models[1];
        for (int i = 0; i < test; i++) {
            ((dev.sluice.ml.model.tree.Forest) models[0]).predict(x[rows + i], out);
            so[i] = out[1];
            var scores = tribuo.predict(new org.tribuo.impl.ArrayExample<>(labels.getUnknownOutput(), names, x[rows + i])).getOutputScores();
            sl[i] = scores.containsKey("1") ? scores.get("1").getScore() : 0;
            pos[i] = y[rows + i] == 1;
        }
        System.out.printf(Locale.ROOT, "forest: test AUC ours %.4f, Tribuo %.4f%n",
                dev.sluice.ml.model.eval.Auc.of(so, pos), dev.sluice.ml.model.eval.Auc.of(sl, pos));
        compare("forest (50 trees, 20k x 20, one thread: fit)", rounds, 1, ours, library);
    }
}
