package dev.sluice.spark;

import dev.sluice.api.RunStatus;
import dev.sluice.exec.RunResult;
import dev.sluice.exec.StepResult;
import dev.sluice.pipeline.Pipeline;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sweep on Spark: each instance of the matrix trains inside a Spark task (the local trainer's code, XGBoost's Java
 * API) and writes the same model folder, file for file, as the local run, so evaluation and registration downstream
 * read the same models and register the same one.
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
            assertThat(untimed(s.metrics())).as(name).isEqualTo(untimed(l.metrics())).containsKey("best_logloss");
            assertThat(files(Runs.table(s, "model"))).as(name).isEqualTo(files(Runs.table(l, "model")));
        }
        assertThat(spark.step("evaluate").orElseThrow().metrics()).isEqualTo(local.step("evaluate").orElseThrow().metrics());
        assertThat(spark.step("register").orElseThrow().status()).isEqualTo(local.step("register").orElseThrow().status());
    }

    /** The metrics but the trainer's timings ({@code read_ms}, {@code train_ms}, ...). */
    private static Map<String, Double> untimed(Map<String, Double> metrics) {
        Map<String, Double> out = new TreeMap<>(metrics);
        out.keySet().removeIf(k -> k.endsWith("_ms"));
        return out;
    }

    /** Each file of a model folder with its bytes as text, by relative path. */
    private static Map<String, String> files(Path folder) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(folder)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                out.put(folder.relativize(f).toString(), new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        return out;
    }
}
