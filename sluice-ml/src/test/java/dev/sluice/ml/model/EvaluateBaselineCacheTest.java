package dev.sluice.ml.model;

import dev.sluice.api.RunStatus;
import dev.sluice.api.StepStatus;
import dev.sluice.exec.RunResult;
import dev.sluice.ml.Fixtures;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.testing.TempWorkspace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code evaluate} with a {@code baseline} reads the registry, which its inputs do not capture: a second identical run
 * must evaluate again (the champion may have moved), while the steps before it come from the cache.
 */
class EvaluateBaselineCacheTest {
    @TempDir
    Path dir;

    @Test
    void anEvaluationAgainstABaselineRunsAgainOnAnIdenticalRun() throws IOException {
        Path csv = Fixtures.telcoCsv(dir);
        Pipeline p = Pipeline.builder("baseline-cache").baseDir(dir)
                .step("load", s -> s.uses("csv").with("path", csv.toString()).with("nulls", List.of("", " ")))
                .step("split", s -> s.uses("split").input("data", "load.data").with("seed", 7L))
                .step("train", s -> s.uses("logistic").input("train", "split.train").with("target", "Churn")
                        .with("features", List.of("tenure", "MonthlyCharges", "Contract")))
                .step("evaluate", s -> s.uses("evaluate").input("models", "train.model").input("test", "split.test")
                        .with("baseline", "churn@champion"))
                .step("plain", s -> s.uses("evaluate").input("models", "train.model").input("test", "split.test"))
                .build();
        try (TempWorkspace ws = TempWorkspace.in(dir)) {
            RunResult first = ws.run(p);
            assertThat(first.status()).as(first.steps().toString()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(first.step("evaluate").orElseThrow().metrics()).containsEntry("baseline.found", 0.0);

            RunResult second = ws.run(p);
            assertThat(second.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(second.step("train").orElseThrow().status()).isEqualTo(StepStatus.CACHED);
            assertThat(second.step("plain").orElseThrow().status()).isEqualTo(StepStatus.CACHED);
            assertThat(second.step("evaluate").orElseThrow().status()).isEqualTo(StepStatus.SUCCEEDED);
        }
    }
}
