package dev.sluice.cli;

import dev.sluice.api.CheckResult;
import dev.sluice.api.Component;
import dev.sluice.api.ComponentSpec;
import dev.sluice.api.PortKind;
import dev.sluice.api.RunStatus;
import dev.sluice.api.StepStatus;
import dev.sluice.exec.RunResult;
import dev.sluice.exec.StepResult;
import dev.sluice.pipeline.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The summary's evaluation table for a lower-is-better metric, a registered baseline and a gate that failed. */
class ModelResultsTextTest {
    @TempDir
    Path dir;

    @Test
    void showsTheBaselineAndAFailedGate() throws Exception {
        Path report = Files.writeString(dir.resolve("report.json"), """
                {"metric": "rmse", "best": {"index": 1, "name": "forest"},
                 "models": [{"index": 0, "name": "linear", "model_type": "linear", "metrics": {"mae": 3.5, "r2": 0.61, "rmse": 5.25}},
                            {"index": 1, "name": "forest", "model_type": "random_forest", "metrics": {"mae": 2.75, "r2": 0.7, "rmse": 4.5}}],
                 "baseline": {"reference": "price@champion", "version": 3, "artifact": "sha256:ab",
                              "metrics": {"rmse": 4.25}, "rmse_gain": -0.25}}
                """);
        Component model = Component.of(ComponentSpec.builder("fake_model", "1").output("model", PortKind.MODEL).build(), ctx -> { });
        Component table = Component.of(ComponentSpec.builder("fake_table", "1").output("data", PortKind.TABLE).build(), ctx -> { });
        Pipeline p = Pipeline.builder("price")
                .step("data", s -> s.uses(table))
                .step("linear", s -> s.uses(model))
                .step("forest", s -> s.uses(model))
                .step("evaluate", s -> s.uses("evaluate").input("models", "linear.model", "forest.model")
                        .input("test", "data.data").with("baseline", "price@champion"))
                .build();
        StepResult evaluate = new StepResult("evaluate", StepStatus.FAILED, Optional.empty(), Duration.ofMillis(5), 1,
                Map.of("report", report), Map.of(), List.of(new CheckResult("rmse_gain", false, Optional.of(-0.25), ">= 0")),
                Optional.of("check rmse_gain failed"), Optional.empty());
        RunResult run = new RunResult("r1", "price", RunStatus.FAILED, Duration.ofMillis(9), List.of(evaluate), dir);
        StringWriter text = new StringWriter();
        ModelResults.of(run, p).printText(new PrintWriter(text, true));
        assertThat(text.toString()).isEqualTo("""
                evaluate: best of 2 models by rmse (lower is better): forest, by 0.7500 over linear
                  model   type             rmse     mae      r2
                * forest  random_forest  4.5000  2.7500  0.7000
                  linear  linear         5.2500  3.5000  0.6100
                  baseline price@champion (version 3): rmse 4.2500, gain -0.2500
                  gate: rmse_gain = -0.25, expected >= 0 (FAILED)
                """);
    }
}
