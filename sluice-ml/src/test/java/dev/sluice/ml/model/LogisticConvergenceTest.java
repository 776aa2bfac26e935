package dev.sluice.ml.model;

import dev.sluice.ml.table.Column;
import dev.sluice.ml.table.Frame;
import dev.sluice.testing.TestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code logistic} on wide one-hot data (text columns of hundreds of levels) converges within its defaults and says
 * so; stopped at {@code max_iter} it records {@code converged = 0} and warns in the step's log.
 */
class LogisticConvergenceTest {
    @TempDir
    Path dir;

    static Frame wide(long seed) {
        return wide(8000, seed);
    }

    /** Two numeric columns and two text columns of 300 and 150 skewed levels with an effect each. */
    static Frame wide(int rows, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] effect = {new double[300], new double[150]};
        for (double[] e : effect) for (int k = 0; k < e.length; k++) e[k] = rng.nextGaussian() * 0.7;
        double[] a = new double[rows];
        double[] b = new double[rows];
        String[][] text = new String[2][rows];
        boolean[] y = new boolean[rows];
        for (int r = 0; r < rows; r++) {
            a[r] = rng.nextGaussian() * 3 + 10;
            b[r] = rng.nextDouble() * 1000;
            double z = 0.4 * (a[r] - 10) - 0.001 * (b[r] - 500);
            for (int j = 0; j < 2; j++) {
                int k = (int) Math.floor(Math.pow(rng.nextDouble(), 2) * effect[j].length);
                text[j][r] = (j == 0 ? "shop-" : "item-") + k;
                z += effect[j][k];
            }
            y[r] = rng.nextDouble() < 1 / (1 + Math.exp(-z));
        }
        return new Frame(List.of(new Column.Doubles("a", a, new BitSet()), new Column.Doubles("b", b, new BitSet()),
                new Column.Strings("shop", text[0]), new Column.Strings("item", text[1]), new Column.Bools("y", y, new BitSet())));
    }

    @Test
    void convergesOnWideOneHotDataAndSaysSo() {
        TestContext ctx = TrainersTest.trainIn(dir, new LogisticTrainer(TestData.TABLES), wide(1), "y", "wide");
        assertThat(ctx.metrics.get("features")).isGreaterThan(400);
        assertThat(ctx.metrics).containsEntry("converged", 1.0).containsEntry("newton", 0.0);
        assertThat(ctx.metrics.get("iterations")).isLessThan(100);
        assertThat(ctx.log).anySatisfy(l -> assertThat(l).startsWith("logistic: lbfgs converged in "
                + ctx.metrics.get("iterations").intValue() + " iterations ("));
    }

    @Test
    void predictionsOfAWideModelComeInBlocksOfRowsAndEqualOneWholeTransform() throws Exception {
        TestContext ctx = TrainersTest.trainIn(dir, new LogisticTrainer(TestData.TABLES), wide(1), "y", "blocks");
        Frame test = wide(30_000, 9);   // more rows than one block of 2^22 / 453 features; other levels are unseen
        try (LoadedModel m = ModelArtifact.load(ctx.outputs.get("model"))) {
            var whole = m.info().preprocess().transform(test);
            double[][] expected = m.predictor().predictBatch(whole.columns(), whole.rows());
            Predictions p = m.predict(test);
            assertThat(p.outputs()).isDeepEqualTo(expected);
            assertThat(p.unseen()).isEqualTo(whole.unseen());
        }
    }

    @Test
    void stoppingAtMaxIterRecordsNotConvergedAndWarns() {
        TestContext ctx = TrainersTest.trainIn(dir, new LogisticTrainer(TestData.TABLES), wide(2), "y", "capped",
                "max_iter", 3L);
        assertThat(ctx.metrics).containsEntry("converged", 0.0).containsEntry("iterations", 3.0);
        String gradient = String.format(Locale.ROOT, "%.2g", ctx.metrics.get("gradient_norm"));
        assertThat(ctx.log).contains("logistic: warning: lbfgs stopped at max_iter = 3 iterations without converging,"
                + " largest gradient component " + gradient + " per row (tol 1.0e-06); the coefficients may be off: raise"
                + " max_iter (or loosen tol/ftol)");
    }
}
