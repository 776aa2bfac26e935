package dev.sluice.ml.model.eval;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MetricsTest {
    @Test
    void aucCountsCorrectlyOrderedPairsAndHalfTies() {
        // positives score 0.9, 0.4, 0.35; negatives 0.8, 0.4, 0.1. Pairs (pos > neg): 0.9 beats all 3;
        // 0.4 beats 0.1, ties 0.4 (1/2), loses to 0.8; 0.35 beats 0.1. (3 + 1.5 + 1) / 9
        double[] s = {0.9, 0.8, 0.4, 0.4, 0.35, 0.1};
        boolean[] pos = {true, false, true, false, true, false};
        assertThat(Auc.of(s, pos)).isCloseTo(5.5 / 9, within(1e-12));
    }

    @Test
    void aucIsNanWithOneClass() {
        assertThat(Auc.of(new double[] {0.1, 0.2}, new boolean[] {true, true})).isNaN();
    }

    @Test
    void binaryClassificationMetricsByHand() {
        int[] actual = {1, 1, 0, 0, 1};
        double[][] p = {{0.2, 0.8}, {0.6, 0.4}, {0.7, 0.3}, {0.4, 0.6}, {0.1, 0.9}};
        Evaluation e = ClassificationMetrics.of(actual, p, List.of("no", "yes"));
        // predicted: 1 0 0 1 1 -> tp 2, fn 1, fp 1, tn 1
        assertThat(e.metrics().get("accuracy")).isEqualTo(0.6);
        assertThat(e.metrics().get("precision")).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(e.metrics().get("recall")).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(e.metrics().get("f1")).isCloseTo(2.0 / 3, within(1e-12));
        // positives 0.8, 0.4, 0.9 vs negatives 0.3, 0.6: 0.8>both, 0.4>0.3, 0.9>both -> 5/6
        assertThat(e.metrics().get("auc")).isCloseTo(5.0 / 6, within(1e-12));
        double ll = -(Math.log(0.8) + Math.log(0.4) + Math.log(0.7) + Math.log(0.4) + Math.log(0.9)) / 5;
        assertThat(e.metrics().get("logloss")).isCloseTo(ll, within(1e-12));
        assertThat(e.confusion()).isEqualTo(new int[][] {{1, 1}, {1, 2}});
    }

    @Test
    void regressionMetricsByHand() {
        Evaluation e = RegressionMetrics.of(new double[] {1, 2, 3, 4}, new double[] {1, 3, 2, 4});
        assertThat(e.metrics().get("rmse")).isCloseTo(Math.sqrt(0.5), within(1e-12));
        assertThat(e.metrics().get("mae")).isEqualTo(0.5);
        assertThat(e.metrics().get("r2")).isCloseTo(1 - 2 / 5.0, within(1e-12));
    }

    @Test
    void multiclassMetricsAreMacroAveragesByHand() {
        int[] actual = {0, 0, 1, 1, 2, 2};
        double[][] p = {{0.7, 0.2, 0.1}, {0.3, 0.4, 0.3}, {0.1, 0.8, 0.1}, {0.5, 0.3, 0.2}, {0.2, 0.2, 0.6}, {0.1, 0.5, 0.4}};
        Evaluation e = ClassificationMetrics.of(actual, p, List.of("a", "b", "c"));
        // predicted 0 1 1 0 2 1; per class (precision, recall, f1): a (1/2, 1/2, 1/2), b (1/3, 1/2, 2/5), c (1, 1/2, 2/3)
        assertThat(e.confusion()).isEqualTo(new int[][] {{1, 1, 0}, {1, 1, 0}, {0, 1, 1}});
        assertThat(e.metrics().get("accuracy")).isEqualTo(0.5);
        assertThat(e.metrics().get("precision")).isCloseTo((0.5 + 1.0 / 3 + 1) / 3, within(1e-12));
        assertThat(e.metrics().get("recall")).isCloseTo(0.5, within(1e-12));
        assertThat(e.metrics().get("f1")).isCloseTo((0.5 + 0.4 + 2.0 / 3) / 3, within(1e-12));
        // one class against the rest on its own column: a 7/8, b 6/8, c 8/8
        assertThat(e.metrics().get("auc")).isCloseTo((7.0 / 8 + 6.0 / 8 + 1) / 3, within(1e-12));
        double ll = -(Math.log(0.7) + Math.log(0.3) + Math.log(0.8) + Math.log(0.3) + Math.log(0.6) + Math.log(0.4)) / 6;
        assertThat(e.metrics().get("logloss")).isCloseTo(ll, within(1e-12));
    }

    @Test
    void aClassWithoutTestRowsCountsZeroInTheMacroAveragesAndHasNoAuc() {
        int[] actual = {0, 0, 1, 1, 2, 2};
        double[][] p = {{0.7, 0.2, 0.1, 0}, {0.3, 0.4, 0.3, 0}, {0.1, 0.8, 0.1, 0}, {0.5, 0.3, 0.2, 0}, {0.2, 0.2, 0.6, 0},
                {0.1, 0.5, 0.4, 0}};
        Evaluation e = ClassificationMetrics.of(actual, p, List.of("a", "b", "c", "d"));
        assertThat(e.metrics().get("precision")).isCloseTo((0.5 + 1.0 / 3 + 1) / 4, within(1e-12));
        assertThat(e.metrics().get("recall")).isCloseTo(1.5 / 4, within(1e-12));
        assertThat(e.metrics().get("auc")).as("d has no positives: left out").isCloseTo((7.0 / 8 + 6.0 / 8 + 1) / 3, within(1e-12));

        Evaluation oneClass = ClassificationMetrics.of(new int[] {0, 0}, new double[][] {{0.6, 0.3, 0.1}, {0.5, 0.4, 0.1}},
                List.of("a", "b", "c"));
        assertThat(oneClass.metrics().get("auc")).isNaN();
        assertThat(oneClass.metrics().get("accuracy")).isEqualTo(1.0);
    }

    @Test
    void aTieBetweenClassesPredictsTheFirstLabel() {
        assertThat(ClassificationMetrics.argmax(new double[] {0.5, 0.5})).isZero();
        assertThat(ClassificationMetrics.argmax(new double[] {0.2, 0.4, 0.4})).isEqualTo(1);
        Evaluation e = ClassificationMetrics.of(new int[] {1, 0}, new double[][] {{0.5, 0.5}, {0.9, 0.1}}, List.of("no", "yes"));
        assertThat(e.confusion()).isEqualTo(new int[][] {{1, 0}, {1, 0}});
        assertThat(e.metrics().get("accuracy")).isEqualTo(0.5);
    }

    @Test
    void r2IsRightForTargetsFarFromZero() {
        double[] small = {0.1, 0.7, 1.9, 3.3};
        double[] predictedSmall = {0.3, 0.6, 2.2, 3.0};
        double[] actual = new double[4];
        double[] predicted = new double[4];
        for (int i = 0; i < 4; i++) {
            actual[i] = 1e8 + small[i];
            predicted[i] = 1e8 + predictedSmall[i];
        }
        double r2 = RegressionMetrics.of(small, predictedSmall).metrics().get("r2");
        assertThat(r2).isCloseTo(1 - 0.23 / 6.0, within(1e-12));   // SS_res 0.23, SS_tot 6.0
        assertThat(RegressionMetrics.of(actual, predicted).metrics().get("r2")).isCloseTo(r2, within(1e-6));
        assertThat(RegressionMetrics.of(new double[] {2, 2}, new double[] {1, 3}).metrics().get("r2")).as("constant target").isNaN();
    }

    @Test
    void directionOfEachMetric() {
        assertThat(Evaluation.higherIsBetter("auc")).isTrue();
        assertThat(Evaluation.higherIsBetter("rmse")).isFalse();
        assertThat(Evaluation.higherIsBetter("logloss")).isFalse();
    }
}
