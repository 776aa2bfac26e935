package dev.sluice.ml.model;

import dev.sluice.ml.table.Column;
import dev.sluice.ml.table.Frame;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Model folders written by earlier versions (in src/test/resources/models) still load and predict. */
class GoldenModelsTest {
    @Test
    void aModelJsonThatStillHoldsTrainingTimingsLoadsAndPredicts() throws Exception {
        Path folder = Path.of(GoldenModelsTest.class.getResource("/models/logistic-with-timings").toURI());
        BitSet nulls = new BitSet();
        nulls.set(1);
        Frame rows = new Frame(List.of(new Column.Longs("tenure", new long[] {57, 0}, nulls),
                new Column.Strings("Contract", new String[] {"Month-to-month", "Two year"})));
        try (LoadedModel m = ModelArtifact.load(folder)) {
            Predictions p = m.predict(rows);
            // margins by hand: -1.25 - 0.5 * (57 - 32.5) / 24.5 + 0.75 = -1; tenure null -> 32.5: -1.25 - 1 = -2.25
            assertThat(p.score(0)).isCloseTo(1 / (1 + Math.exp(1.0)), within(1e-12));
            assertThat(p.score(1)).isCloseTo(1 / (1 + Math.exp(2.25)), within(1e-12));
            assertThat(m.info().training().metrics()).containsEntry("train_ms", 41.372).containsEntry("iterations", 6.0);
        }
    }
}
