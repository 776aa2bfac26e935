package dev.sluice.spark;

import dev.sluice.api.RunStatus;
import dev.sluice.exec.RunResult;
import dev.sluice.exec.StepResult;
import dev.sluice.pipeline.Pipeline;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A sweep on Spark: each instance of the matrix trains inside a Spark task (the local trainer's code, XGBoost's Java
 * API) and writes the same model folder, file for file, as the local run, so evaluation and registration downstream
 * read the same models and register the same one; {@code predict} on Spark scores the test rows with the compiled
 * evaluator of {@code sluice serve} inside mapPartitions and gives the local step's table.
 */
@Tag("spark")
class SweepOnSparkTest {
    static final String PIPELINE = """
            pipeline: sweep
            steps:
              load:
                uses: csv
                with: {path: customers.csv}
              split:
                uses: split
                inputs: {data: load.data}
                with: {test: 0.25, seed: 5}
              gbdt:
                uses: xgboost
                inputs: {train: split.train}
                with: {target: churned, features: [tenure, charges, plan], rounds: 20}
                matrix:
                  eta: [0.1, 0.3]
                  max_depth: [2, 4]
              evaluate:
                uses: evaluate
                inputs: {models: ["gbdt[*].model"], test: split.test}
                with: {metric: auc}
              score:
                uses: predict
                inputs: {model: evaluate.best, data: split.test}
              register:
                uses: register
                inputs: {model: evaluate.best}
                with: {name: churn, alias: challenger}
            """;

    @TempDir Path dir;

    @Test
    void eachInstanceTrainsInASparkTaskAndWritesTheModelTheLocalTrainerWrites() throws Exception {
        EnginesAgreeTest.writeData(dir);
        Pipeline p = Runs.pipeline(PIPELINE, dir);
        RunResult local = Runs.run(p, dir.resolve("local"), Optional.empty());
        RunResult spark = Runs.run(p, dir.resolve("spark"), Optional.of("local[2]"));
        assertThat(local.status()).as(local.steps().toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(spark.status()).as(spark.steps().toString()).isEqualTo(RunStatus.SUCCEEDED);

        List<String> instances = spark.steps().stream().map(StepResult::name).filter(n -> n.startsWith("gbdt[")).toList();
        assertThat(instances).hasSize(4);
        for (String name : instances) {
            StepResult s = spark.step(name).orElseThrow();
            StepResult l = local.step(name).orElseThrow();
            assertThat(Runs.log(s)).as(name).contains("engine: spark local[2]");
            assertThat(Runs.untimed(s.metrics())).as(name).isEqualTo(Runs.untimed(l.metrics())).containsKey("best_logloss");
            assertThat(Runs.files(Runs.table(s, "model"))).as(name).isEqualTo(Runs.files(Runs.table(l, "model")));
        }
        assertThat(spark.step("evaluate").orElseThrow().metrics()).isEqualTo(local.step("evaluate").orElseThrow().metrics());
        assertThat(spark.step("score").orElseThrow().metrics()).isEqualTo(local.step("score").orElseThrow().metrics());
        assertThat(Runs.log(spark.step("score").orElseThrow())).contains("engine: spark local[2]");
        List<List<String>> scoredOnSpark = Runs.rows(Runs.table(spark.step("score").orElseThrow(), "predictions"));
        List<List<String>> scoredLocally = Runs.rows(Runs.table(local.step("score").orElseThrow(), "predictions"));
        assertThat(scoredOnSpark.get(0)).isEqualTo(scoredLocally.get(0)).contains("prediction", "probability_true");
        assertThat(scoredOnSpark).hasSameSizeAs(scoredLocally);
        for (int r = 1; r < scoredLocally.size(); r++) {   // the compiled trees agree with XGBoost to 1e-7
            List<String> s = scoredOnSpark.get(r), l = scoredLocally.get(r);
            for (int c = 0; c < l.size(); c++) {
                if (scoredLocally.get(0).get(c).startsWith("probability_")) {
                    assertThat(Double.parseDouble(s.get(c))).as("row " + r).isCloseTo(Double.parseDouble(l.get(c)), within(1e-6));
                } else {
                    assertThat(s.get(c)).as("row " + r + " " + scoredLocally.get(0).get(c)).isEqualTo(l.get(c));
                }
            }
        }
        assertThat(spark.step("register").orElseThrow().status()).isEqualTo(local.step("register").orElseThrow().status());
    }
}
