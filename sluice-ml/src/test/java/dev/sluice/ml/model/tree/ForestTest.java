package dev.sluice.ml.model.tree;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ForestTest {
    @Test
    void forestLearnsAThresholdAndIsDeterministicAcrossThreadCounts() {
        SplittableRandom rng = new SplittableRandom(1);
        int n = 500;
        double[][] x = new double[3][n];
        int[] y = new int[n];
        for (int r = 0; r < n; r++) {
            for (int f = 0; f < 3; f++) x[f][r] = rng.nextDouble();
            y[r] = x[1][r] > 0.5 ? 1 : 0;
        }
        ForestTrainer trainer = new ForestTrainer(20, 8, 1, 2, 7);
        Forest one = trainer.classify(x, y, 2, 1, () -> false);
        Forest two = trainer.classify(x, y, 2, 2, () -> false);
        double[] out = new double[2];
        one.predict(new double[] {0.5, 0.9, 0.1}, out);
        assertThat(out[1]).isGreaterThan(0.9);
        one.predict(new double[] {0.5, 0.1, 0.1}, out);
        assertThat(out[0]).isGreaterThan(0.9);
        assertThat(two.toJson()).usingRecursiveComparison().isEqualTo(one.toJson());
    }

    @Test
    void forestRoundTripsThroughItsJsonForm() {
        double[][] x = {{1, 2, 3, 4, 5, 6}};
        double[] y = {1, 1, 1, 5, 5, 5};
        Forest f = new ForestTrainer(3, 0, 1, 1, 1).regress(x, y, 1, () -> false);
        Forest back = Forest.fromJson(f.toJson());
        double[] a = new double[1];
        double[] b = new double[1];
        for (double v = 0; v < 7; v += 0.5) {
            f.predict(new double[] {v}, a);
            back.predict(new double[] {v}, b);
            assertThat(b[0]).isEqualTo(a[0]);
        }
    }

    @Test
    void malformedForestJsonIsRejected() {
        Forest.Json bad = new Forest.Json("sluice-forest", 1, 1, 1, java.util.List.of(new Forest.TreeJson(java.util.List.of(
                new Forest.NodeJson(0, 0, 0.5, 0, 1, null), new Forest.NodeJson(1, null, null, null, null, new double[] {1})))));
        assertThatThrownBy(() -> Forest.fromJson(bad)).hasMessageStartingWith("forest split node 0 is malformed");
    }
}
