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

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.sluice.exec.YamlRuns.statuses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code tpe} sweep run in a real workspace: its first trials are the random ones, the later ones are proposed from
 * the results so far and are named, recorded and fanned in like any trial; a second run proposes the same trials and
 * takes every one from the cache; {@code early_stop:} skips the trials left once the objective stops improving.
 */
@Timeout(120)
class TpeSweepRunTest {
    /** How many times {@link #QUAD} ran (not counting cache hits). */
    private static final AtomicInteger RUNS = new AtomicInteger();
    /** Reports score = -(x - 0.3)^2 - (log10(lr) + 2)^2 / 16 (lr is 0.01 unless swept), or 1 when flat is set. */
    private static final Component QUAD = Component.of(ComponentSpec.builder("quad", "1")
            .output("score", PortKind.VALUE)
            .param(ParamSpec.of("x", ParamType.DOUBLE, 0.5).withBounds(0.0, 1.0))
            .param(ParamSpec.of("flat", ParamType.BOOL, false))
            .param(ParamSpec.of("lr", ParamType.DOUBLE, 0.01).withBounds(1e-6, 1.0))
            .metric("score", "-(x - 0.3)^2")
            .build(), ctx -> {
                RUNS.incrementAndGet();
                double x = ((Number) ctx.param("x")).doubleValue();
                double lr = Math.log10(((Number) ctx.param("lr")).doubleValue()) + 2;
                double score = Boolean.TRUE.equals(ctx.param("flat")) ? 1 : -(x - 0.3) * (x - 0.3) - lr * lr / 16;
                ctx.metric("score", score);
                ctx.outputValue("score", score);
            });
    private static final Component GATHER = Component.of(ComponentSpec.builder("gather", "1")
            .manyInput("scores", PortKind.VALUE)
            .build(), ctx -> ctx.log("scores: " + ctx.inputValue("scores")));

    private static final String PIPELINE = """
            pipeline: search
            params:
              flat: {type: bool, default: false}
            steps:
              fit:
                uses: quad
                with: {flat: "${params.flat}"}
                sweep:
                  method: tpe
                  trials: 14
                  seed: 7
                  parallel: 2
                  startup: 5
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
        RUNS.set(0);
    }

    @AfterEach
    void close() {
        ws.close();
    }

    private static Pipeline load(String yaml, Map<String, String> params) {
        return new PipelineValidator(ComponentRegistry.defaults().with(QUAD).with(GATHER))
                .validate(new YamlPipelineLoader().parse(yaml, "search.yaml", Path.of("")), params);
    }

    private RunResult run(String yaml, Map<String, String> params) {
        return new LocalExecutor(new RunOptions(2, false, home), ws).run(load(yaml, params), RunListener.NONE);
    }

    /** Each trial's x as the run recorded it, in trial order. */
    private List<Double> recordedXs(RunResult r) {
        List<Double> out = new ArrayList<>();
        for (int n = 1; n <= 14; n++) {
            String name = "fit[trial=" + n + "]";
            out.add(Double.parseDouble(ws.metadata().queries().stepRuns(r.runId()).stream().filter(s -> s.step().equals(name))
                    .findFirst().orElseThrow().params().get("x")));
        }
        return out;
    }

    @Test
    void laterTrialsAreProposedFromEarlierResultsAndASecondRunTakesEveryTrialFromTheCache() {
        RunResult first = run(PIPELINE, Map.of());
        assertThat(first.status()).as(first.toString()).isEqualTo(RunStatus.SUCCEEDED);
        Map<String, StepStatus> statuses = statuses(first);
        for (int n = 1; n <= 14; n++) assertThat(statuses.get("fit[trial=" + n + "]")).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(RUNS.get()).isEqualTo(14);
        List<Double> xs = recordedXs(first);
        Pipeline p = load(PIPELINE, Map.of());
        List<Object> drawn = p.sweeps().get("fit").trials().stream()
                .map(t -> p.step(t).orElseThrow().matrixValues().get("x")).toList();
        assertThat(xs.subList(0, 5)).as("the startup trials are the random draws").isEqualTo(drawn.subList(0, 5));
        assertThat(xs.subList(5, 14)).as("the later ones are the model's").isNotEqualTo(drawn.subList(5, 14));
        double bestRandom = drawn.stream().mapToDouble(x -> Math.abs((Double) x - 0.3)).min().orElseThrow();
        double bestTpe = xs.stream().mapToDouble(x -> Math.abs(x - 0.3)).min().orElseThrow();
        assertThat(bestTpe).as("closest x to 0.3: tpe against the 14 random draws").isLessThanOrEqualTo(bestRandom);
        assertThat(first.step("fit[trial=9]").orElseThrow().metrics().get("score"))
                .isEqualTo(-(xs.get(8) - 0.3) * (xs.get(8) - 0.3));

        RunResult second = run(PIPELINE, Map.of());
        assertThat(second.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(RUNS.get()).as("nothing ran again").isEqualTo(14);
        statuses(second).forEach((step, status) -> assertThat(status).as(step).isEqualTo(StepStatus.CACHED));
        assertThat(recordedXs(second)).isEqualTo(xs);
    }

    @Test
    void thirtyTpeTrialsFindABetterBestThanThirtyRandomOnes() {
        String search = PIPELINE.replace("trials: 14", "trials: 30").replace("startup: 5", "startup: 10")
                .replace("x: {uniform: [0, 1]}", "x: {uniform: [0, 1]}\n        lr: {loguniform: [0.0001, 1]}");
        double tpe = 0;
        double random = 0;
        int wins = 0;
        for (long seed = 1; seed <= 6; seed++) {
            String seeded = search.replace("seed: 7", "seed: " + seed);
            double t = best(run(seeded, Map.of()));
            double r = best(run(seeded.replace("method: tpe", "method: random").replace("      startup: 10\n", ""), Map.of()));
            tpe += t / 6;
            random += r / 6;
            if (t >= r) wins++;
        }
        // measured: mean best -0.00144 for TPE, -0.00343 for random; TPE at least as good for five seeds of six
        assertThat(-tpe).as("TPE's mean distance from the optimum, against random's (%s)", -random).isLessThan(-random / 2);
        assertThat(wins).as("seeds where TPE's best is at least random's").isGreaterThanOrEqualTo(5);
    }

    private static double best(RunResult r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(RunStatus.SUCCEEDED);
        return r.steps().stream().filter(s -> s.name().startsWith("fit[")).mapToDouble(s -> s.metrics().get("score"))
                .max().orElseThrow();
    }

    private Map<String, PlannedStep> plan(String yaml, Map<String, String> params) {
        Map<String, PlannedStep> byName = new java.util.HashMap<>();
        new Planner(java.util.Optional.of(ws)).plan(load(yaml, params), new RunOptions(2, false, home))
                .forEach(p -> byName.put(p.name(), p));
        return byName;
    }

    @Test
    void thePlanProposesTrialsAsTheRunWouldWhenTheTrialsTheyLearnFromAreCached() {
        Map<String, PlannedStep> before = plan(PIPELINE, Map.of());
        assertThat(before.get("fit[trial=1]").reason()).isEqualTo(PlannedStep.Reason.NEVER_RAN);
        assertThat(before.get("fit[trial=6]").reason()).isEqualTo(PlannedStep.Reason.PROPOSED);
        assertThat(before.get("fit[trial=6]").why()).startsWith("a trial of a tpe sweep: its values are proposed");

        RunResult r = run(PIPELINE, Map.of());
        List<Double> xs = recordedXs(r);
        Map<String, PlannedStep> after = plan(PIPELINE, Map.of());
        for (int n = 1; n <= 14; n++) {
            PlannedStep t = after.get("fit[trial=" + n + "]");
            assertThat(t.decision()).as(t.name() + ": " + t.why()).isEqualTo(PlannedStep.Decision.CACHED);
            assertThat(t.values().get("x")).as(t.name()).isEqualTo(xs.get(n - 1));
        }
        assertThat(after.get("gather").decision()).isEqualTo(PlannedStep.Decision.CACHED);
    }

    @Test
    void thePlanSaysWhichTrialsTheEarlyStopSkips() {
        String yaml = PIPELINE.replace("startup: 5", "startup: 5\n      early_stop: {patience: 3}");
        run(yaml, Map.of("flat", "true"));
        Map<String, PlannedStep> plan = plan(yaml, Map.of("flat", "true"));
        assertThat(plan.get("fit[trial=5]").decision()).isEqualTo(PlannedStep.Decision.CACHED);
        assertThat(plan.get("fit[trial=6]").reason()).isEqualTo(PlannedStep.Reason.SWEEP_STOPPED);
        assertThat(plan.get("fit[trial=14]").why()).startsWith("sweep stopped early: no trial improved score");
    }

    @Test
    void earlyStopSkipsTheTrialsLeftOnceTheObjectiveStopsImproving() {
        String yaml = PIPELINE.replace("startup: 5", "startup: 5\n      early_stop: {patience: 3}");
        RunResult r = run(yaml, Map.of("flat", "true"));
        assertThat(r.status()).as(r.toString()).isEqualTo(RunStatus.SUCCEEDED);
        Map<String, StepStatus> statuses = statuses(r);
        // trial 1 sets the best, 2 to 4 do not improve it; trial n learns from trials 1 to n - 2, so trials 1 to 5 run
        for (int n = 1; n <= 5; n++) assertThat(statuses.get("fit[trial=" + n + "]")).as("trial " + n).isEqualTo(StepStatus.SUCCEEDED);
        for (int n = 6; n <= 14; n++) {
            StepResult t = r.step("fit[trial=" + n + "]").orElseThrow();
            assertThat(t.status()).as("trial " + n).isEqualTo(StepStatus.SKIPPED);
            assertThat(t.error()).hasValueSatisfying(e -> assertThat(e).isEqualTo("sweep stopped early: no trial improved score"
                    + " = 1.000 of fit[trial=1] in the 3 trials after it (early_stop: {patience: 3})"));
        }
        assertThat(RUNS.get()).isEqualTo(5);
        assertThat(statuses.get("gather")).as("it reads the trials that ran").isEqualTo(StepStatus.SUCCEEDED);
    }
}
