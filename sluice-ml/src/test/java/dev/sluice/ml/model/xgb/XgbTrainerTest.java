package dev.sluice.ml.model.xgb;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class XgbTrainerTest {
    private static XgbTrainer.Dataset data(int rows, int cols, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[rows * cols];
        float[] y = new float[rows];
        for (int r = 0; r < rows; r++) {
            double z = 0;
            for (int c = 0; c < cols; c++) {
                float v = (float) rng.nextGaussian();
                x[r * cols + c] = v;
                z += (c % 2 == 0 ? 1 : -0.5) * v;
            }
            y[r] = rng.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
        }
        return new XgbTrainer.Dataset(x, rows, cols, y);
    }

    @Test
    void multiclassTruncationKeepsWholeRounds() throws Exception {
        XgbTrainer.Dataset d = data(300, 3, 2);
        float[] labels = d.labels().clone();
        for (int r = 0; r < labels.length; r++) labels[r] = (r % 3);
        DMatrix m = new DMatrix(d.x(), d.rows(), d.cols(), Float.NaN);
        m.setLabel(labels);
        XgbParams p = new XgbParams(2, 0.3, 10, 0, 1, 1, 1, 1, "hist", 7);
        Booster full = XGBoost.train(m, XgbTrainer.params(p, 3, 1), 10, Map.of(), null, null);
        Booster cut = XGBoost.loadModel(XgbTrainer.cut(full.toByteArray("json"), 4));
        assertThat(cut.getNumBoostedRound()).isEqualTo(4);
        float[][] expected = full.predict(m, false, 4);
        float[][] actual = cut.predict(m);
        for (int r = 0; r < d.rows(); r++) assertThat(actual[r]).containsExactly(expected[r]);
        full.dispose();
        cut.dispose();
        m.dispose();
    }

    @Test
    void earlyStoppingKeepsExactlyTheBestRounds() throws Exception {
        XgbTrainer.Dataset train = data(400, 4, 3);
        XgbTrainer.Dataset valid = data(100, 4, 4);
        XgbParams p = new XgbParams(6, 1.0, 200, 5, 1, 1, 1, 0, "hist", 7);
        XgbTrainer.Fit fit = new XgbTrainer().train(p, 2, train, Optional.of(valid), 1);
        assertThat(fit.rounds()).isLessThan(200).isEqualTo(fit.bestIteration() + 1);
        Booster saved = XGBoost.loadModel(fit.modelJson());
        assertThat(saved.getNumBoostedRound()).isEqualTo(fit.rounds());
        saved.dispose();
    }

    @Test
    void roundByRoundTrainingReportsEachRoundAndMakesXgboostsOwnModelUnlessStopped() throws Exception {
        XgbTrainer.Dataset train = data(400, 4, 3);
        XgbTrainer.Dataset valid = data(100, 4, 4);
        for (int classes : new int[] {0, 2, 3}) {
            XgbTrainer.Dataset t = classes == 3 ? threeClasses(train) : train;
            XgbTrainer.Dataset v = classes == 3 ? threeClasses(valid) : valid;
            for (XgbParams p : new XgbParams[] {new XgbParams(6, 1.0, 200, 5, 1, 1, 1, 0, "hist", 7),
                    new XgbParams(3, 0.1, 30, 10, 0.8, 1, 1, 1, "hist", 7)}) {
                XgbTrainer.Fit own = new XgbTrainer().train(p, classes, t, Optional.of(v), 1);
                java.util.List<Double> heard = new java.util.ArrayList<>();
                XgbTrainer.Fit stepped = new XgbTrainer().train(p, classes, t, Optional.of(v), 1, (round, value) -> {
                    assertThat(round).isEqualTo(heard.size() + 1);
                    heard.add(value);
                    return false;
                });
                assertThat(new String(stepped.modelJson(), java.nio.charset.StandardCharsets.UTF_8)).as("classes %d, %s", classes, p)
                        .isEqualTo(new String(own.modelJson(), java.nio.charset.StandardCharsets.UTF_8));
                assertThat(stepped.bestScore()).isEqualTo(own.bestScore());
                assertThat(heard).hasSizeGreaterThanOrEqualTo(own.rounds());
                assertThat(heard.get(own.bestIteration())).isEqualTo(own.bestScore());
            }
        }
    }

    @Test
    void aStoppedTrainingKeepsTheBestRoundsSoFar() throws Exception {
        XgbTrainer.Dataset train = data(400, 4, 3);
        XgbTrainer.Dataset valid = data(100, 4, 4);
        XgbParams p = new XgbParams(3, 0.1, 100, 20, 1, 1, 1, 1, "hist", 7);
        java.util.List<Double> heard = new java.util.ArrayList<>();
        XgbTrainer.Fit stopped = new XgbTrainer().train(p, 2, train, Optional.of(valid), 1, (round, value) -> {
            heard.add(value);
            return round == 7;
        });
        assertThat(heard).hasSize(7);
        assertThat(stopped.rounds()).isLessThanOrEqualTo(7).isEqualTo(stopped.bestIteration() + 1);
        assertThat(stopped.bestScore()).isEqualTo(heard.stream().mapToDouble(Double::doubleValue).min().orElseThrow());
        Booster saved = XGBoost.loadModel(stopped.modelJson());
        assertThat(saved.getNumBoostedRound()).isEqualTo(stopped.rounds());
        saved.dispose();
    }

    private static XgbTrainer.Dataset threeClasses(XgbTrainer.Dataset d) {
        float[] labels = new float[d.rows()];
        for (int r = 0; r < labels.length; r++) labels[r] = d.x()[r * d.cols()] > 0.5f ? 2 : d.x()[r * d.cols()] > -0.5f ? 1 : 0;
        return new XgbTrainer.Dataset(d.x(), d.rows(), d.cols(), labels);
    }

    /** A binary booster of {@code rounds} rounds on {@code m}, depth 3. */
    private static Booster boost(DMatrix m, int rounds) throws XGBoostError {
        return XGBoost.train(m, XgbTrainer.params(new XgbParams(3, 0.3, rounds, 0, 1, 1, 1, 1, "hist", 7), 2, 1), rounds,
                Map.of(), null, null);
    }

    private static DMatrix matrix(XgbTrainer.Dataset d) throws XGBoostError {
        DMatrix m = new DMatrix(d.x(), d.rows(), d.cols(), Float.NaN);
        m.setLabel(d.labels());
        return m;
    }

    @Test
    void cuttingToEveryRoundCountGivesThoseRoundsPredictions() throws Exception {
        XgbTrainer.Dataset d = data(200, 3, 5);
        DMatrix m = matrix(d);
        Booster full = boost(m, 6);
        byte[] json = full.toByteArray("json");
        for (int rounds = 0; rounds <= 6; rounds++) {
            Booster cut = XGBoost.loadModel(XgbTrainer.cut(json, rounds));
            assertThat(cut.getNumBoostedRound()).isEqualTo(rounds);
            if (rounds > 0) {
                float[][] expected = full.predict(m, false, rounds);
                float[][] actual = cut.predict(m);
                for (int r = 0; r < d.rows(); r++) assertThat(actual[r][0]).isEqualTo(expected[r][0]);
            }
            cut.dispose();
        }
        full.dispose();
        m.dispose();
    }

    @Test
    void aModelOfAnotherLayoutOrWithTooFewRoundsIsRefusedWithTheReason() throws Exception {
        DMatrix m = matrix(data(100, 2, 6));
        Booster full = boost(m, 3);
        byte[] json = full.toByteArray("json");
        full.dispose();
        m.dispose();
        assertThatThrownBy(() -> XgbTrainer.cut(json, 4)).isInstanceOf(XGBoostError.class)
                .hasMessageContaining("cannot cut the XGBoost model to 4 rounds").hasMessageContaining("fewer than 5");
        assertThatThrownBy(() -> XgbTrainer.cut("{\"learner\": {\"gradient_booster\": {\"name\": \"gblinear\"}}}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8), 1))
                .isInstanceOf(XGBoostError.class).hasMessageContaining("no member 'model'");
    }
}
