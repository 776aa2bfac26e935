package dev.sluice.ml.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.api.Component;
import dev.sluice.api.ComponentProvider;
import dev.sluice.ml.model.xgb.XgbScorer;
import dev.sluice.ml.table.Column;
import dev.sluice.ml.table.Frame;
import dev.sluice.testing.TestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** evaluate, predict and model folders read back. */
class EvaluatePredictTest {
    @TempDir
    static Path dir;
    static Frame[] cancer;
    static Path testFile;
    static TestContext good;
    static TestContext weak;
    static TestContext gbdt;

    @BeforeAll
    static void train() {
        cancer = TestData.split(TestData.csv("breast_cancer.csv"), 0.25, 21);
        testFile = TestData.parquet(cancer[1], dir.resolve("test.parquet"));
        good = TrainersTest.trainIn(dir, new LogisticTrainer(TestData.TABLES), cancer[0], "diagnosis", "good");
        weak = TrainersTest.trainIn(dir, new LogisticTrainer(TestData.TABLES), cancer[0], "diagnosis", "weak",
                "features", List.of("mean_fractal_dimension"));
        gbdt = TrainersTest.trainIn(dir, new XgboostTrainer(TestData.TABLES), cancer[0], "diagnosis", "gbdt", "rounds", 20L);
    }

    @Test
    void evaluatePicksTheBetterModelAndGatesOnItsMetrics() throws Exception {
        TestContext ctx = new TestContext(dir.resolve("eval")).named("evaluate").cpus(2)
                .input("models", weak.outputs.get("model"), good.outputs.get("model")).input("test", testFile);
        TestContext.run(new EvaluateComponent(TestData.TABLES), ctx);
        assertThat(ctx.metrics.get("best_index")).isEqualTo(1.0);
        assertThat(ctx.metrics.get("auc")).isEqualTo(ctx.metrics.get("good.auc")).isGreaterThan(ctx.metrics.get("weak.auc"));
        assertThat(ctx.metrics).containsKeys("accuracy", "f1", "logloss", "precision", "recall", "weak.accuracy");
        assertThat(ModelArtifact.readInfo(ctx.outputs.get("best")).name()).isEqualTo("good");
        JsonNode report = ModelArtifact.json().readTree(ctx.outputs.get("report").toFile());
        assertThat(report.get("best").get("name").asText()).isEqualTo("good");
        assertThat(report.get("models").get(1).get("confusion")).hasSize(2);
        assertThat(report.get("models").get(0).get("labels").get(1).asText()).isEqualTo("malignant");
    }

    @Test
    void baselineGainIsTheBestCandidateMinusTheChampionOnTheSameTestTable() throws Exception {
        TestContext ctx = new TestContext(dir.resolve("eval-baseline")).named("evaluate").cpus(2).param("baseline", "cancer@champion")
                .registered("cancer", 3, "champion", weak.outputs.get("model"))
                .input("models", good.outputs.get("model")).input("test", testFile);
        TestContext.run(new EvaluateComponent(TestData.TABLES), ctx);
        assertThat(ctx.metrics).containsEntry("baseline.found", 1.0).containsEntry("baseline.version", 3.0);
        assertThat(ctx.metrics.get("auc_gain")).isEqualTo(ctx.metrics.get("auc") - ctx.metrics.get("baseline.auc")).isPositive();
        assertThat(ctx.metrics.get("baseline.auc")).isEqualTo(weak(ctx));
        JsonNode report = ModelArtifact.json().readTree(ctx.outputs.get("report").toFile());
        assertThat(report.get("baseline").get("version").asInt()).isEqualTo(3);
        assertThat(report.get("baseline").get("auc_gain").asDouble()).isEqualTo(ctx.metrics.get("auc_gain"));

        // the other way round the gain is negative, so a check "auc_gain >= -0.005" blocks the weaker candidate
        TestContext worse = new TestContext(dir.resolve("eval-baseline-worse")).named("evaluate").cpus(2).param("baseline", "cancer@champion")
                .param("metric", "logloss").registered("cancer", 1, "champion", good.outputs.get("model"))
                .input("models", weak.outputs.get("model")).input("test", testFile);
        TestContext.run(new EvaluateComponent(TestData.TABLES), worse);
        assertThat(worse.metrics.get("logloss_gain")).isEqualTo(worse.metrics.get("baseline.logloss") - worse.metrics.get("logloss"))
                .isNegative();
    }

    private static double weak(TestContext withWeakBaseline) throws Exception {
        TestContext ctx = new TestContext(withWeakBaseline.dir.resolveSibling("eval-weak-alone")).named("evaluate").cpus(2)
                .input("models", weak.outputs.get("model")).input("test", testFile);
        TestContext.run(new EvaluateComponent(TestData.TABLES), ctx);
        return ctx.metrics.get("auc");
    }

    @Test
    void withoutAChampionYetTheGainIsZeroAndSaysSo() throws Exception {
        TestContext ctx = new TestContext(dir.resolve("eval-no-baseline")).named("evaluate").cpus(2).param("baseline", "cancer@champion")
                .input("models", good.outputs.get("model")).input("test", testFile);
        TestContext.run(new EvaluateComponent(TestData.TABLES), ctx);
        assertThat(ctx.metrics).containsEntry("baseline.found", 0.0).containsEntry("auc_gain", 0.0).doesNotContainKey("baseline.auc");
        assertThat(ctx.log).anyMatch(l -> l.contains("no baseline cancer@champion in the registry yet"));
    }

    @Test
    void aBaselineThatCannotScoreTheTestTableNamesTheMissingColumns() {
        Path data = TestData.parquet(cancer[1].without("mean_fractal_dimension"), dir.resolve("no-fractal.parquet"));
        TestContext ctx = new TestContext(dir.resolve("eval-baseline-bad")).named("evaluate").cpus(2).param("baseline", "cancer@champion")
                .registered("cancer", 2, "champion", weak.outputs.get("model"))
                .input("models", gbdtWithout()).input("test", data);
        assertThatThrownBy(() -> TestContext.run(new EvaluateComponent(TestData.TABLES), ctx))
                .hasMessageStartingWith("evaluate: baseline cancer@champion (cancer@2) cannot score the test table: the model needs"
                        + " column 'mean_fractal_dimension', which the table lacks");
    }

    /** A candidate trained without mean_fractal_dimension, so only the baseline needs it. */
    private static Path gbdtWithout() {
        TestContext c = TrainersTest.trainIn(dir, new LogisticTrainer(TestData.TABLES), cancer[0].without("mean_fractal_dimension"),
                "diagnosis", "without");
        return c.outputs.get("model");
    }

    @Test
    void evaluateKeepsTheFirstOnTiesAndSuffixesDuplicateNames() throws Exception {
        TestContext ctx = new TestContext(dir.resolve("eval-tie")).named("evaluate").cpus(2).param("metric", "accuracy")
                .input("models", good.outputs.get("model"), good.outputs.get("model")).input("test", testFile);
        TestContext.run(new EvaluateComponent(TestData.TABLES), ctx);
        assertThat(ctx.metrics.get("best_index")).isEqualTo(0.0);
        assertThat(ctx.metrics).containsKeys("good.accuracy", "good#1.accuracy");
    }

    @Test
    void predictAddsLabelAndProbabilityColumns() throws Exception {
        TestContext ctx = new TestContext(dir.resolve("predict")).named("predict").cpus(2)
                .input("model", gbdt.outputs.get("model")).input("data", testFile);
        TestContext.run(new PredictComponent(TestData.TABLES), ctx);
        Frame out = TestData.TABLES.read(ctx.outputs.get("predictions"));
        assertThat(out.names()).endsWith("diagnosis", "prediction", "probability_benign", "probability_malignant");
        assertThat(out.rows()).isEqualTo(cancer[1].rows());
        Column.Doubles p = (Column.Doubles) out.column("probability_malignant");
        Column.Strings label = (Column.Strings) out.column("prediction");
        for (int r = 0; r < out.rows(); r++) assertThat(label.values()[r]).isEqualTo(p.values()[r] > 0.5 ? "malignant" : "benign");
        assertThat(ctx.metrics).containsEntry("unseen_categories", 0.0);
    }

    @Test
    void predictNamesAMissingFeatureColumn() {
        Path data = TestData.parquet(cancer[1].without("mean_radius"), dir.resolve("no-radius.parquet"));
        TestContext ctx = new TestContext(dir.resolve("predict-missing")).named("predict").cpus(2)
                .input("model", good.outputs.get("model")).input("data", data);
        assertThatThrownBy(() -> TestContext.run(new PredictComponent(TestData.TABLES), ctx))
                .hasMessageStartingWith("the model needs column 'mean_radius', which the table lacks; the table has mean_texture");
    }

    @Test
    void modelFoldersRoundTripToTheSamePredictions() throws Exception {
        for (TestContext trained : List.of(good, gbdt)) {
            Path copy = dir.resolve("copy-" + trained.stepName());
            ModelArtifact.copy(trained.outputs.get("model"), copy);
            try (LoadedModel a = ModelArtifact.load(trained.outputs.get("model")); LoadedModel b = ModelArtifact.load(copy)) {
                assertThat(b.predict(cancer[1]).outputs()).isDeepEqualTo(a.predict(cancer[1]).outputs());
                assertThat(b.info()).usingRecursiveComparison().isEqualTo(a.info());
            }
        }
    }

    @Test
    void xgboostJsonReloadedDirectlyPredictsIdentically() throws Exception {
        Path folder = gbdt.outputs.get("model");
        try (LoadedModel m = ModelArtifact.load(folder); XgbScorer raw = XgbScorer.load(folder.resolve("xgboost.json"))) {
            var x = m.info().preprocess().transform(cancer[1]);
            float[][] direct = raw.predict(x.rowMajorFloats(), x.rows(), x.width());
            double[][] viaFolder = m.predict(cancer[1]).outputs();
            double[] row = new double[x.width()];
            double[] out = new double[2];
            for (int r = 0; r < x.rows(); r++) {
                assertThat(viaFolder[r][1]).isEqualTo(direct[r][0]);
                x.row(r, row);
                m.predictor().predict(row, out);
                assertThat(out[1]).isEqualTo(direct[r][0]);
            }
        }
    }

    @Test
    void perRowAndBatchPredictionsAgreeForLogistic() throws Exception {
        try (LoadedModel m = ModelArtifact.load(good.outputs.get("model"))) {
            var x = m.info().preprocess().transform(cancer[1]);
            double[][] batch = m.predict(cancer[1]).outputs();
            double[] row = new double[x.width()];
            double[] out = new double[2];
            for (int r = 0; r < x.rows(); r++) {
                x.row(r, row);
                m.predictor().predict(row, out);
                assertThat(out).containsExactly(batch[r]);
            }
        }
    }

    @Test
    void serviceFileRegistersTheModelComponents() {
        List<String> names = ServiceLoader.load(ComponentProvider.class).stream()
                .flatMap(p -> p.get().components().stream()).map(Component::spec).map(s -> s.name()).toList();
        assertThat(names).contains("preprocess", "xgboost", "logistic", "linear", "random_forest", "evaluate", "predict");
    }
}
