package dev.sluice.ml.model;

import dev.sluice.ml.model.prep.ColumnStep;
import dev.sluice.ml.table.Column;
import dev.sluice.ml.table.Frame;
import dev.sluice.testing.TestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code xgboost} encodes text columns by their number of levels by default ({@code encode: auto}): one-hot for a few
 * levels, one ordinal feature for many, so a table with high-cardinality text becomes a handful of features instead of
 * one per level; the step's log says what it chose and why; the preprocessing never sees the rows held out for early
 * stopping.
 */
class XgboostEncodingTest {
    @TempDir
    Path dir;

    /** {@code rows} rows: x numeric, city of 60 levels with an effect each, size of 3 levels, a binary target. */
    static Frame table(int rows, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] effect = new double[60];
        for (int i = 0; i < effect.length; i++) effect[i] = rng.nextGaussian();
        double[] x = new double[rows];
        String[] city = new String[rows];
        String[] size = new String[rows];
        boolean[] y = new boolean[rows];
        for (int r = 0; r < rows; r++) {
            int c = rng.nextInt(60);
            x[r] = rng.nextGaussian();
            city[r] = String.format("city-%02d", c);
            size[r] = List.of("S", "M", "L").get(rng.nextInt(3));
            double z = effect[c] + 0.8 * x[r] + (size[r].equals("L") ? 0.5 : 0);
            y[r] = rng.nextDouble() < 1 / (1 + Math.exp(-z));
        }
        return new Frame(List.of(new Column.Doubles("x", x, new BitSet()), new Column.Strings("city", city),
                new Column.Strings("size", size), new Column.Bools("y", y, new BitSet())));
    }

    @Test
    void manyLevelsBecomeOneOrdinalFeatureAndFewLevelsOneHotByDefault() throws Exception {
        TestContext ctx = TrainersTest.trainIn(dir, new XgboostTrainer(TestData.TABLES), table(3000, 3), "y", "gbdt",
                "rounds", 30L);
        assertThat(ctx.metrics).containsEntry("features", 5.0);   // x, city, size=L, size=M, size=S
        assertThat(ctx.log).contains("xgboost: encode auto (one-hot up to 16 levels, one ordinal code per level above,"
                + " levels in order of their mean target): ordinal: city (60 levels); one-hot: size (3 levels) -> 5 features");
        List<ColumnStep> steps = ModelArtifact.readInfo(ctx.outputs.get("model")).preprocess().steps();
        assertThat(steps.get(1)).isInstanceOf(ColumnStep.Ordinal.class);
        assertThat(steps.get(2)).isInstanceOf(ColumnStep.OneHot.class);
    }

    @Test
    void oneHotMaxLevelsMovesTheLine() throws Exception {
        TestContext ctx = TrainersTest.trainIn(dir, new XgboostTrainer(TestData.TABLES), table(3000, 3), "y", "wide",
                "rounds", 5L, "onehot_max_levels", 60L);
        assertThat(ctx.metrics).containsEntry("features", 64.0);
    }

    @Test
    void levelsSeenOnlyInTheHeldOutRowsAreUnseenToThePreprocessing() throws Exception {
        Frame frame = table(2000, 4);
        String[] city = ((Column.Strings) frame.column("city")).values().clone();
        for (int r = 1900; r < 2000; r += 2) city[r] = "opened-late";   // only in the last 10%: the held-out rows
        Frame late = new Frame(List.of(frame.column("x"), new Column.Strings("city", city), frame.column("size"),
                frame.column("y")));
        TestContext ctx = TrainersTest.trainIn(dir, new XgboostTrainer(TestData.TABLES), late, "y", "late",
                "rounds", 10L, "validation", "last");
        ColumnStep.Ordinal c = (ColumnStep.Ordinal) ModelArtifact.readInfo(ctx.outputs.get("model")).preprocess().steps().get(1);
        assertThat(c.levels()).hasSize(60).doesNotContain("opened-late");
    }
}
