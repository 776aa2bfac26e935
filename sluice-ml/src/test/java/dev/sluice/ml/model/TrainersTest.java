package dev.sluice.ml.model;

import dev.sluice.api.Component;
import dev.sluice.ml.model.eval.Auc;
import dev.sluice.ml.model.eval.RegressionMetrics;
import dev.sluice.ml.table.Frame;
import dev.sluice.testing.TestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Each trainer on real data, judged on a held-out split. */
class TrainersTest {
    @TempDir
    static Path dir;
    static Frame[] cancer;
    static Frame[] iris;
    static Frame[] housing;

    @BeforeAll
    static void load() {
        cancer = TestData.split(TestData.csv("breast_cancer.csv"), 0.25, 11);
        iris = TestData.split(TestData.csv("iris.csv"), 0.3, 12);
        housing = TestData.split(TestData.csv("housing_sample.csv"), 0.25, 13);
    }

    static TestContext train(Component trainer, Frame train, String target, String name, Object... params) {
        return trainIn(dir, trainer, train, target, name, params);
    }

    static TestContext trainIn(Path dir, Component trainer, Frame train, String target, String name, Object... params) {
        Path step = dir.resolve(name);
        TestContext ctx = new TestContext(step).named(name).cpus(2)
                .input("train", TestData.parquet(train, step.resolve("train.parquet"))).param("target", target);
        for (int i = 0; i < params.length; i += 2) ctx.param((String) params[i], params[i + 1]);
        ctx.defaultsOf(trainer);
        try {
            trainer.run(ctx);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return ctx;
    }

    static double testAuc(TestContext ctx, Frame test, String target) throws Exception {
        try (LoadedModel m = ModelArtifact.load(ctx.outputs.get("model"))) {
            Predictions p = m.predict(test);
            Target truth = Target.of(test, target, Task.CLASSIFICATION, m.info().labels());
            double[] scores = new double[p.rows()];
            boolean[] pos = new boolean[p.rows()];
            for (int r = 0; r < p.rows(); r++) {
                scores[r] = p.score(r);
                pos[r] = truth.classes()[r] == 1;
            }
            return Auc.of(scores, pos);
        }
    }

    static double testAccuracy(TestContext ctx, Frame test, String target) throws Exception {
        try (LoadedModel m = ModelArtifact.load(ctx.outputs.get("model"))) {
            Predictions p = m.predict(test);
            Target truth = Target.of(test, target, Task.CLASSIFICATION, m.info().labels());
            int right = 0;
            for (int r = 0; r < p.rows(); r++) if (p.classIndex(r) == truth.classes()[r]) right++;
            return (double) right / p.rows();
        }
    }

    static double testR2(TestContext ctx, Frame test, String target) throws Exception {
        try (LoadedModel m = ModelArtifact.load(ctx.outputs.get("model"))) {
            Predictions p = m.predict(test);
            double[] pred = new double[p.rows()];
            for (int r = 0; r < pred.length; r++) pred[r] = p.score(r);
            return RegressionMetrics.of(Target.of(test, target, Task.REGRESSION, java.util.List.of()).values(), pred)
                    .metrics().get("r2");
        }
    }

    @Test
    void logisticSeparatesBreastCancer() throws Exception {
        TestContext ctx = train(new LogisticTrainer(TestData.TABLES), cancer[0], "diagnosis", "logistic");
        assertThat(testAuc(ctx, cancer[1], "diagnosis")).isGreaterThan(0.98);
        assertThat(ctx.metrics).containsKeys("train_ms", "iterations").containsEntry("features", 30.0);
        assertThat(ctx.metrics.get("gradient_norm")).isLessThan(1e-6);   // converged: per-row gradient ~ 0
        assertThat(ctx.metrics).containsEntry("converged", 1.0);
        assertThat(ctx.metrics.get("train_rows")).isEqualTo(cancer[0].rows());
        ModelInfo info = ModelArtifact.readInfo(ctx.outputs.get("model"));
        assertThat(info.labels()).containsExactly("benign", "malignant");
        assertThat(info.modelType()).isEqualTo("logistic");
    }

    @Test
    void xgboostSeparatesBreastCancerWithEarlyStoppingOnAHoldOut() throws Exception {
        TestContext ctx = train(new XgboostTrainer(TestData.TABLES), cancer[0], "diagnosis", "gbdt",
                "rounds", 200L, "eta", 0.3, "max_depth", 3L, "early_stopping", 10L);
        assertThat(testAuc(ctx, cancer[1], "diagnosis")).isGreaterThan(0.97);
        assertThat(ctx.metrics.get("rounds")).isEqualTo(ctx.metrics.get("best_iteration") + 1);
        assertThat(ctx.metrics.get("rounds")).isLessThan(200);
        assertThat(ctx.outputs.get("model").resolve("xgboost.json")).exists();
        assertThat(Files.readString(ctx.outputs.get("model").resolve("xgboost.json"))).contains("\"learner\"");
    }

    @Test
    void randomForestSeparatesBreastCancer() throws Exception {
        TestContext ctx = train(new RandomForestTrainer(TestData.TABLES), cancer[0], "diagnosis", "forest", "trees", 40L);
        assertThat(testAuc(ctx, cancer[1], "diagnosis")).isGreaterThan(0.97);
        assertThat(ctx.outputs.get("model").resolve("forest.json")).exists();
    }

    @Test
    void multiclassIrisByLogisticForestAndXgboost() throws Exception {
        TestContext lr = train(new LogisticTrainer(TestData.TABLES), iris[0], "species", "lr-iris");
        TestContext rf = train(new RandomForestTrainer(TestData.TABLES), iris[0], "species", "rf-iris", "trees", 30L);
        TestContext gb = train(new XgboostTrainer(TestData.TABLES), iris[0], "species", "gb-iris", "rounds", 30L);
        assertThat(testAccuracy(lr, iris[1], "species")).isGreaterThan(0.9);
        assertThat(testAccuracy(rf, iris[1], "species")).isGreaterThan(0.9);
        assertThat(testAccuracy(gb, iris[1], "species")).isGreaterThan(0.9);
        assertThat(ModelArtifact.readInfo(gb.outputs.get("model")).labels()).containsExactly("setosa", "versicolor", "virginica");
    }

    @Test
    void regressionOnHousingWithNullsAndACategoricalColumn() throws Exception {
        TestContext lin = train(new LinearTrainer(TestData.TABLES), housing[0], "median_house_value", "linear");
        TestContext gb = train(new XgboostTrainer(TestData.TABLES), housing[0], "median_house_value", "gbdt-h",
                "rounds", 150L, "eta", 0.1, "max_depth", 5L);
        TestContext rf = train(new RandomForestTrainer(TestData.TABLES), housing[0], "median_house_value", "rf-h", "trees", 30L);
        assertThat(testR2(lin, housing[1], "median_house_value")).isGreaterThan(0.55);
        assertThat(testR2(gb, housing[1], "median_house_value")).isGreaterThan(0.7);
        assertThat(testR2(rf, housing[1], "median_house_value")).isGreaterThan(0.65);
        ModelInfo info = ModelArtifact.readInfo(lin.outputs.get("model"));
        assertThat(info.task()).isEqualTo(Task.REGRESSION);
        assertThat(info.featureNames()).contains("ocean_proximity=INLAND", "total_bedrooms");
    }
}
