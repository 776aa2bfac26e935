package dev.sluice.ml.model;

import dev.sluice.ml.table.Column;
import dev.sluice.ml.table.Frame;
import dev.sluice.testing.TestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Which rows {@code xgboost}'s early stopping watches: a seeded random 10% by default, the last 10% of the table with
 * {@code validation: last} (time-ordered data), or the {@code validation} input when one is wired; the step says which
 * in its log and metrics. The watched rows are checked by the score XGBoost reports for the kept model: the log loss
 * of that model on exactly those rows.
 */
class XgboostValidationTest {
    @TempDir
    Path dir;

    /** 1,000 rows in time order; the relation between x and y drifts over time, so the last rows are unlike the rest. */
    static Frame timeOrdered(int rows, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[rows];
        double[] t = new double[rows];
        boolean[] y = new boolean[rows];
        for (int r = 0; r < rows; r++) {
            t[r] = (double) r / rows;
            x[r] = rng.nextGaussian();
            double z = (2 - 3 * t[r]) * x[r];
            y[r] = rng.nextDouble() < 1 / (1 + Math.exp(-z));
        }
        return new Frame(List.of(new Column.Doubles("t", t, new BitSet()), new Column.Doubles("x", x, new BitSet()),
                new Column.Bools("y", y, new BitSet())));
    }

    @Test
    void validationLastWatchesTheLastTenthOfTheRows() throws Exception {
        Frame frame = timeOrdered(1000, 5);
        TestContext ctx = TrainersTest.trainIn(dir, new XgboostTrainer(TestData.TABLES), frame, "y", "last",
                "validation", "last", "rounds", 200L, "eta", 0.3);
        assertThat(ctx.metrics).containsEntry("validation_rows", 100.0).containsEntry("validation_last", 1.0)
                .containsEntry("validation_input", 0.0);
        assertThat(ctx.log).contains("xgboost: early stopping watches the last 100 rows of train (10%, validation: last),"
                + " trained on the first 900");
        Frame last = frame.take(range(900, 1000));
        assertThat(logLoss(ctx, last)).isCloseTo(ctx.metrics.get("best_logloss"), within(1e-5));
    }

    @Test
    void byDefaultASeededRandomTenthIsHeldOutAndTheLogSaysSo() throws Exception {
        Frame frame = timeOrdered(1000, 5);
        TestContext ctx = TrainersTest.trainIn(dir, new XgboostTrainer(TestData.TABLES), frame, "y", "random",
                "rounds", 200L, "eta", 0.3);
        assertThat(ctx.metrics).containsEntry("validation_rows", 100.0).containsEntry("validation_last", 0.0)
                .containsEntry("validation_input", 0.0);
        assertThat(ctx.log).contains("xgboost: early stopping watches 100 random rows of train (10%, seed 42),"
                + " trained on the other 900");
        assertThat(logLoss(ctx, frame.take(range(900, 1000)))).isNotCloseTo(ctx.metrics.get("best_logloss"), within(1e-3));
    }

    @Test
    void aWiredValidationTableIsWhatEarlyStoppingWatches() throws Exception {
        Frame frame = timeOrdered(1200, 6);
        Frame train = frame.take(range(0, 1000));
        Frame valid = frame.take(range(1000, 1200));
        Path step = dir.resolve("input");
        TestContext ctx = new TestContext(step).named("input").cpus(2)
                .input("train", TestData.parquet(train, step.resolve("train.parquet")))
                .input("validation", TestData.parquet(valid, step.resolve("valid.parquet")))
                .param("target", "y").param("rounds", 200L).param("eta", 0.3).param("validation", "last");
        XgboostTrainer trainer = new XgboostTrainer(TestData.TABLES);
        trainer.run(ctx.defaultsOf(trainer));
        assertThat(ctx.metrics).containsEntry("validation_rows", 200.0).containsEntry("validation_input", 1.0)
                .containsEntry("validation_last", 0.0);
        assertThat(ctx.log).contains("xgboost: early stopping watches the validation input (200 rows), trained on all"
                + " 1000 rows of train");
        assertThat(logLoss(ctx, valid)).isCloseTo(ctx.metrics.get("best_logloss"), within(1e-5));
        assertThat(ModelArtifact.readInfo(ctx.outputs.get("model")).model())
                .isEqualTo(new ModelBody.Xgboost("xgboost.json", "binary:logistic", 2, ctx.metrics.get("rounds").intValue(),
                        ctx.metrics.get("best_iteration").intValue(), "input", 200));
    }

    private static double logLoss(TestContext ctx, Frame rows) throws Exception {
        try (LoadedModel m = ModelArtifact.load(ctx.outputs.get("model"))) {
            Predictions p = m.predict(rows);
            Target truth = Target.of(rows, "y", Task.CLASSIFICATION, m.info().labels());
            double sum = 0;
            for (int r = 0; r < p.rows(); r++) {
                double q = Math.min(Math.max(p.score(r), 1e-15), 1 - 1e-15);
                sum -= truth.classes()[r] == 1 ? Math.log(q) : Math.log(1 - q);
            }
            return sum / p.rows();
        }
    }

    private static int[] range(int from, int to) {
        int[] rows = new int[to - from];
        Arrays.setAll(rows, i -> from + i);
        return rows;
    }
}
