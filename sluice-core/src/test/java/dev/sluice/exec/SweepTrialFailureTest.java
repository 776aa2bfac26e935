package dev.sluice.exec;

import dev.sluice.api.Component;
import dev.sluice.api.ComponentSpec;
import dev.sluice.api.ParamSpec;
import dev.sluice.api.ParamType;
import dev.sluice.api.PortKind;
import dev.sluice.api.RunStatus;
import dev.sluice.api.StepStatus;
import dev.sluice.pipeline.ComponentRegistry;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.pipeline.PipelineValidator;
import dev.sluice.yaml.YamlPipelineLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.sluice.exec.YamlRuns.statuses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A trial that fails does not stop its sweep: the trials after it (in its {@code parallel} lane, or that learn from it)
 * still run, the failed one is not a result they learn from, what reads all the trials is blocked as for a matrix, and
 * the run fails.
 */
@Timeout(120)
class SweepTrialFailureTest {
    /** Trials started so far; the second one to start fails. */
    private static final AtomicInteger STARTED = new AtomicInteger();
    private static final Component FLAKY = Component.of(ComponentSpec.builder("flaky", "1")
            .output("score", PortKind.VALUE)
            .param(ParamSpec.of("x", ParamType.DOUBLE, 0.5).withBounds(0.0, 1.0))
            .metric("score", "-(x - 0.3)^2")
            .build(), ctx -> {
                if (STARTED.incrementAndGet() == 2) throw new IllegalStateException("trial diverged");
                double x = ((Number) ctx.param("x")).doubleValue();
                ctx.metric("score", -(x - 0.3) * (x - 0.3));
                ctx.outputValue("score", x);
            });
    private static final Component GATHER = Component.of(ComponentSpec.builder("gather", "1")
            .manyInput("scores", PortKind.VALUE)
            .build(), ctx -> { });

    private static final String PIPELINE = """
            pipeline: search
            steps:
              fit:
                uses: flaky
                sweep:
                  method: tpe
                  trials: 8
                  startup: 3
                  seed: 7
                  parallel: 1
                  early_stop: {patience: 6}
                  objective: {metric: score, goal: maximize}
                  params:
                    x: {uniform: [0, 1]}
              gather: {uses: gather, inputs: {scores: "fit[*].score"}}
            """;

    @TempDir Path home;
    private Workspace ws;

    @BeforeEach
    void open() {
        ws = Workspace.open(home);
        STARTED.set(0);
    }

    @AfterEach
    void close() {
        ws.close();
    }

    private RunResult run(String yaml) {
        Pipeline p = new PipelineValidator(ComponentRegistry.defaults().with(FLAKY).with(GATHER))
                .validate(new YamlPipelineLoader().parse(yaml, "search.yaml", Path.of("")), Map.of());
        return new LocalExecutor(new RunOptions(2, false, home), ws).run(p, RunListener.NONE);
    }

    @Test
    void theTrialsAfterAFailedOneOfALearningSweepStillRun() {
        RunResult r = run(PIPELINE);
        Map<String, StepStatus> s = statuses(r);
        assertThat(s.get("fit[trial=1]")).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(s.get("fit[trial=2]")).isEqualTo(StepStatus.FAILED);
        for (int n = 3; n <= 8; n++) assertThat(s.get("fit[trial=" + n + "]")).as("trial " + n).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(STARTED.get()).isEqualTo(8);
        assertThat(s.get("gather")).as("it reads every trial, as a matrix's fan-in").isEqualTo(StepStatus.BLOCKED);
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.step("fit[trial=2]").orElseThrow().error()).hasValueSatisfying(e -> assertThat(e).contains("trial diverged"));
    }

    @Test
    void aFailedTrialOfARandomSweepDoesNotBlockTheTrialsAfterItInItsLane() {
        RunResult r = run(PIPELINE.replace("method: tpe", "method: random").replace("      startup: 3\n", "")
                .replace("      early_stop: {patience: 6}\n", ""));
        Map<String, StepStatus> s = statuses(r);
        assertThat(s.get("fit[trial=2]")).isEqualTo(StepStatus.FAILED);
        for (int n = 3; n <= 8; n++) assertThat(s.get("fit[trial=" + n + "]")).as("trial " + n).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
    }
}
