package dev.sluice.spark;

import dev.sluice.api.RunStatus;
import dev.sluice.api.StepStatus;
import dev.sluice.exec.RunResult;
import dev.sluice.pipeline.Pipeline;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code examples/churn/pipeline.yaml}, unchanged, with {@code --engine spark --master local[2]}: its sql, split and
 * trainers run on Spark, and it registers a model of the same quality as the local run (AUC within 0.005).
 */
@Tag("spark")
class ChurnOnSparkTest {
    @TempDir Path dir;

    @Test
    void theChurnExampleRegistersAModelOfTheSameQualityOnSpark() throws Exception {
        Path folder = Path.of("../examples/churn").toAbsolutePath().normalize();
        Pipeline p = Runs.pipeline(Files.readString(folder.resolve("pipeline.yaml")), folder);
        RunResult local = Runs.run(p, dir.resolve("local"), Optional.empty());
        RunResult spark = Runs.run(p, dir.resolve("spark"), Optional.of("local[2]"));
        assertThat(local.status()).as(local.steps().toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(spark.status()).as(spark.steps().toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(spark.step("register").orElseThrow().status()).isEqualTo(StepStatus.SUCCEEDED);
        for (String onSpark : new String[] {"features", "split", "gbdt[eta=0.1]", "logistic"}) {
            assertThat(Runs.log(spark.step(onSpark).orElseThrow())).as(onSpark).contains("engine: spark local[2]");
        }
        double localAuc = local.step("evaluate").orElseThrow().metrics().get("auc");
        double sparkAuc = spark.step("evaluate").orElseThrow().metrics().get("auc");
        assertThat(sparkAuc).isCloseTo(localAuc, within(0.005));
    }
}
