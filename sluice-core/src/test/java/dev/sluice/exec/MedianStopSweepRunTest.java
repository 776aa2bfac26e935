package dev.sluice.exec;

import dev.sluice.api.Component;
import dev.sluice.api.ComponentSpec;
import dev.sluice.api.ParamSpec;
import dev.sluice.api.ParamType;
import dev.sluice.api.PortKind;
import dev.sluice.api.RunStatus;
import dev.sluice.api.StepStatus;
import dev.sluice.pipeline.ComponentRegistry;
import dev.sluice.pipeline.MedianStopping;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.pipeline.PipelineValidator;
import dev.sluice.report.SweepResult;
import dev.sluice.yaml.YamlPipelineLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code early_stop: {median: ...}} in a real workspace: a random sweep where about half the trials are bad (their loss
 * stays 1 above the good ones' at every step) gets the bad trials stopped at the first step it judges, from the median
 * of the trials each learns from; what reads the trials reads the others only; the same seed stops the same trials in
 * a fresh workspace, and a second run takes every trial from the cache with the same stops.
 */
@Timeout(120)
class MedianStopSweepRunTest {
    private static final int STEPS = 20;
    /** Steps trained, over all trials that ran (not counting cache hits). */
    private static final AtomicInteger TRAINED = new AtomicInteger();
    /** The scores the gather step read, per run. */
    private static final List<List<Object>> GATHERED = new CopyOnWriteArrayList<>();

    /** A trial is bad when x > 0.5: loss at step k is 1/k, plus 1 when bad. */
    private static double loss(double x, int k) {
        return 1.0 / k + (x > 0.5 ? 1 : 0);
    }

    private static final Component CURVE = Component.of(ComponentSpec.builder("curve", "1")
            .output("score", PortKind.VALUE)
            .param(ParamSpec.of("x", ParamType.DOUBLE, 0.5).withBounds(0.0, 1.0))
            .metric("loss", "the loss after each step, and at the end")
            .build(), ctx -> {
                double x = ((Number) ctx.param("x")).doubleValue();
                int k = 0;
                while (k < STEPS) {
                    k++;
                    TRAINED.incrementAndGet();
                    if (ctx.report("loss", k, loss(x, k))) break;
                }
                ctx.metric("loss", loss(x, k));
                ctx.outputValue("score", loss(x, k));
            });
    private static final Component GATHER = Component.of(ComponentSpec.builder("gather", "1")
            .manyInput("scores", PortKind.VALUE)
            .build(), ctx -> GATHERED.add(List.copyOf((List<?>) ctx.inputValue("scores"))));

    private static final String PIPELINE = """
            pipeline: search
            steps:
              fit:
                uses: curve
                sweep:
                  trials: 16
                  seed: 11
                  parallel: 2
                  early_stop: {median: {warmup_steps: 2, min_trials: 3}}
                  objective: {metric: loss, goal: minimize}
                  params:
                    x: {uniform: [0, 1]}
              gather: {uses: gather, inputs: {scores: "fit[*].score"}}
            """;

    @TempDir Path home;
    @TempDir Path otherHome;

    private static Pipeline load(String yaml) {
        return new PipelineValidator(ComponentRegistry.defaults().with(CURVE).with(GATHER))
                .validate(new YamlPipelineLoader().parse(yaml, "search.yaml", Path.of("")), Map.of());
    }

    private static RunResult run(Workspace ws, Path dir, String yaml) {
        return new LocalExecutor(new RunOptions(2, false, dir), ws).run(load(yaml), RunListener.NONE);
    }

    /** The trials' drawn x, in trial order. */
    private static List<Double> xs() {
        Pipeline p = load(PIPELINE);
        return p.sweeps().get("fit").trials().stream().map(t -> ((Number) p.step(t).orElseThrow().matrixValues().get("x"))
                .doubleValue()).toList();
    }

    /**
     * The trials the rule stops, worked out from its definition: trial n (1-based) learns from trials 1 to n - 2; with
     * at least 3 of them ended unstopped, it is judged from step 3, where it stops when its loss is above their median
     * (the gap between two trials' losses is the same at every step, so step 3 decides).
     */
    private static TreeMap<Integer, Boolean> expectedStops(List<Double> xs) {
        TreeMap<Integer, Boolean> stopped = new TreeMap<>();
        for (int n = 1; n <= xs.size(); n++) {
            List<Double> ended = new ArrayList<>();
            for (int k = 1; k <= n - 2; k++) if (!stopped.get(k)) ended.add(loss(xs.get(k - 1), 3));
            boolean stop = false;
            if (ended.size() >= 3) {
                ended.sort(null);
                int m = ended.size();
                double median = m % 2 == 1 ? ended.get(m / 2) : (ended.get(m / 2 - 1) + ended.get(m / 2)) / 2;
                stop = loss(xs.get(n - 1), 3) > median;
            }
            stopped.put(n, stop);
        }
        return stopped;
    }

    private static TreeMap<Integer, Boolean> stops(RunResult r) {
        TreeMap<Integer, Boolean> out = new TreeMap<>();
        for (int n = 1; n <= 16; n++) {
            StepResult t = r.step("fit[trial=" + n + "]").orElseThrow();
            out.put(n, t.metrics().containsKey(MedianStopping.STOPPED_AT));
        }
        return out;
    }

    @Test
    void badTrialsAreStoppedAtTheFirstJudgedStepTheSameWayForTheSameSeedAndFromTheCache() {
        List<Double> xs = xs();
        long bad = xs.stream().filter(x -> x > 0.5).count();
        assertThat(bad).as("about half the drawn trials are bad: %s", xs).isBetween(5L, 11L);
        TreeMap<Integer, Boolean> expected = expectedStops(xs);
        long badAfterTheFirstFive = java.util.stream.IntStream.rangeClosed(6, 16).filter(n -> xs.get(n - 1) > 0.5).count();
        assertThat(expected.values().stream().filter(b -> b).count()).as("the rule stops the bad trials once the good ones"
                + " lead: %s", xs).isGreaterThanOrEqualTo(badAfterTheFirstFive - 1).isPositive();

        TRAINED.set(0);
        GATHERED.clear();
        RunResult first;
        try (Workspace ws = Workspace.open(home)) {
            first = run(ws, home, PIPELINE);
            assertThat(first.status()).as(first.toString()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(stops(first)).isEqualTo(expected);
            int stoppedCount = 0;
            for (int n = 1; n <= 16; n++) {
                StepResult t = first.step("fit[trial=" + n + "]").orElseThrow();
                assertThat(t.status()).as("trial " + n).isEqualTo(StepStatus.SUCCEEDED);
                if (expected.get(n)) {
                    stoppedCount++;
                    assertThat(xs.get(n - 1)).as("a stopped trial is a bad one").isGreaterThan(0.5);
                    assertThat(t.metrics()).containsEntry(MedianStopping.STOPPED_AT, 3.0).containsKey("loss@3")
                            .doesNotContainKey("loss@4");
                } else {
                    assertThat(t.metrics()).containsKey("loss@" + STEPS);
                }
            }
            assertThat(TRAINED.get()).as("steps trained").isEqualTo(16 * STEPS - stoppedCount * (STEPS - 3));
            assertThat(GATHERED).hasSize(1);
            assertThat(GATHERED.getFirst()).as("what reads the trials reads the unstopped ones").hasSize(16 - stoppedCount);

            List<SweepResult> sweeps = SweepResult.of(dev.sluice.report.RunView.of(ws.metadata().queries().run(first.runId())
                    .orElseThrow(), ws.metadata().queries().stepRuns(first.runId())), ws.metadata().queries().sweeps(first.runId()));
            SweepResult s = sweeps.getFirst();
            int firstStopped = expected.firstEntry().getKey();
            for (var e : expected.entrySet()) if (e.getValue()) { firstStopped = e.getKey(); break; }
            assertThat(s.trials().get(firstStopped - 1).status()).isEqualTo("stopped at step 3");
            assertThat(s.best().orElseThrow().status()).isEqualTo("succeeded");

            TRAINED.set(0);
            RunResult again = run(ws, home, PIPELINE);
            assertThat(again.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(TRAINED.get()).as("nothing trained again").isZero();
            YamlRuns.statuses(again).forEach((step, status) -> assertThat(status).as(step).isEqualTo(StepStatus.CACHED));
            assertThat(stops(again)).isEqualTo(expected);
        }

        try (Workspace fresh = Workspace.open(otherHome)) {
            RunResult elsewhere = run(fresh, otherHome, PIPELINE);
            assertThat(stops(elsewhere)).as("the same seed stops the same trials").isEqualTo(expected);
        }
    }

    @Test
    void withoutTheRuleNoTrialIsStoppedAndReportKeepsNothing() {
        TRAINED.set(0);
        try (Workspace ws = Workspace.open(home)) {
            RunResult r = run(ws, home, PIPELINE.replace("      early_stop: {median: {warmup_steps: 2, min_trials: 3}}\n", ""));
            assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(TRAINED.get()).isEqualTo(16 * STEPS);
            for (int n = 1; n <= 16; n++) {
                assertThat(r.step("fit[trial=" + n + "]").orElseThrow().metrics()).containsOnlyKeys("loss");
            }
        }
    }
}
