package dev.sluice.exec;

import dev.sluice.api.StepStatus;
import dev.sluice.pipeline.FinalSteps;
import dev.sluice.pipeline.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code sluice plan} and {@code run --dry-run} print comes from {@link Planner}: a decision and a reason for
 * every step instance, predicted from the workspace without writing to it, and the run that follows does what the
 * plan said.
 */
class PlannerTest {
    private static final String PIPELINE = """
            pipeline: planned
            params:
              title: {type: string, default: words}
              deploy: {type: bool, default: true}
            steps:
              load: {uses: file, with: {path: words.txt}}
              head: {uses: concat, inputs: {parts: load.file}, with: {text: "${params.title}\\n"}}
              count: {uses: count, inputs: {in: head.out}, checks: {lines: ">= 2"}}
              fan: {uses: concat, inputs: {parts: load.file}, matrix: {text: [a, b]}}
              ship: {uses: concat, inputs: {parts: head.out}, with: {text: "shipped\\n"}, when: "${params.deploy}"}
              after_ship: {uses: count, inputs: {in: ship.out}}
              tidy: {uses: concat, inputs: {parts: load.file}}
              alert: {uses: concat, inputs: {parts: load.file}}
            finally: [tidy]
            on_failure: [alert]
            """;

    @TempDir Path dir;
    @TempDir Path temp;

    private Path home() {
        return temp.resolve("state");
    }

    private Pipeline pipeline(Map<String, String> params) throws IOException {
        Files.writeString(dir.resolve("words.txt"), "alpha\nbeta\n");
        Files.writeString(dir.resolve("p.yaml"), PIPELINE);
        return YamlRuns.load(dir.resolve("p.yaml"), params);
    }

    private List<PlannedStep> plan(Map<String, String> params, RunOptions options) throws IOException {
        Pipeline p = pipeline(params);
        try (Workspace ws = Workspace.openForReading(home()).orElse(null)) {
            return new Planner(Optional.ofNullable(ws)).plan(p, options);
        }
    }

    private RunResult run(Map<String, String> params, RunOptions options) throws IOException {
        Pipeline p = pipeline(params);
        try (Workspace ws = Workspace.open(home())) {
            return new LocalExecutor(options, ws).run(p, RunListener.NONE);
        }
    }

    /** The step run a run recorded for a step. */
    private dev.sluice.meta.StepRunRow recorded(RunResult r, String step) {
        try (Workspace ws = Workspace.openForReading(home()).orElseThrow()) {
            return ws.metadata().queries().stepRun(r.runId(), step).orElseThrow();
        }
    }

    private static Map<String, String> decisions(List<PlannedStep> plan) {
        Map<String, String> out = new TreeMap<>();
        plan.forEach(s -> out.put(s.name(), s.decision().label() + " " + s.reason().label()));
        return out;
    }

    private static PlannedStep step(List<PlannedStep> plan, String name) {
        return plan.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name));
    }

    /** The statuses a run gets where the plan said run (succeeded), cached or skipped. */
    private static Map<String, StepStatus> expected(List<PlannedStep> plan) {
        Map<String, StepStatus> out = new TreeMap<>();
        plan.forEach(s -> out.put(s.name(), switch (s.decision()) {
            case RUN -> StepStatus.SUCCEEDED;
            case CACHED -> StepStatus.CACHED;
            case SKIPPED -> StepStatus.SKIPPED;
        }));
        return out;
    }

    @Test
    void withoutAWorkspaceEveryStepWouldRunInTheRunsOrderAndNothingIsCreated() throws IOException {
        List<PlannedStep> plan = plan(Map.of(), RunOptions.defaults(home()));

        assertThat(plan).extracting(PlannedStep::name)
                .containsExactly("load", "head", "count", "fan[text=a]", "fan[text=b]", "ship", "after_ship", "tidy", "alert");
        assertThat(decisions(plan)).containsEntry("load", "run no_workspace").containsEntry("count", "run no_workspace")
                .containsEntry("fan[text=a]", "run no_workspace").containsEntry("tidy", "run no_workspace")
                .containsEntry("alert", "skipped only_on_failure");
        assertThat(step(plan, "load").why()).isEqualTo("no workspace yet, so there is nothing to reuse");
        assertThat(step(plan, "count").checks()).containsExactly("lines >= 2");
        assertThat(step(plan, "fan[text=b]").values()).isEqualTo(Map.of("text", "b"));
        assertThat(step(plan, "fan[text=b]").baseName()).isEqualTo("fan");
        assertThat(step(plan, "tidy").phase()).isEqualTo(FinalSteps.Phase.FINALLY);
        assertThat(step(plan, "alert").phase()).isEqualTo(FinalSteps.Phase.ON_FAILURE);
        assertThat(step(plan, "head").phase()).isEqualTo(FinalSteps.Phase.MAIN);
        assertThat(step(plan, "load").cacheKey()).isEmpty();
        assertThat(Files.exists(home())).isFalse();
    }

    @Test
    void afterARunEveryStepComesFromTheCacheWithTheOutputsOfTheRunThatMadeThem() throws IOException {
        RunResult first = run(Map.of(), RunOptions.defaults(home()));
        List<PlannedStep> plan = plan(Map.of(), RunOptions.defaults(home()));

        assertThat(decisions(plan)).containsEntry("load", "cached hit").containsEntry("count", "cached hit")
                .containsEntry("fan[text=a]", "cached hit").containsEntry("after_ship", "cached hit")
                .containsEntry("tidy", "cached hit").containsEntry("alert", "skipped only_on_failure");
        dev.sluice.meta.StepRunRow count = recorded(first, "count");
        PlannedStep planned = step(plan, "count");
        assertThat(planned.source()).hasValue(count.id());
        Map<String, String> outputs = new TreeMap<>();
        count.outputs().forEach(o -> outputs.put(o.port(), o.artifactId()));
        assertThat(planned.outputs()).isNotEmpty().isEqualTo(outputs);
        assertThat(planned.cacheKey()).isEqualTo(count.cacheKey());
        assertThat(planned.why()).isEqualTo("cache hit: the outputs of step run " + count.id() + " (run "
                + first.runId() + ") have the same cache key " + planned.cacheKey().get().substring(7, 19));

        RunResult again = run(Map.of(), RunOptions.defaults(home()));
        assertThat(YamlRuns.statuses(again)).isEqualTo(expected(plan));
    }

    @Test
    void aChangedParameterIsAMissComparedWithTheEarlierRunAndWhatReadsTheStepWaitsForIt() throws IOException {
        RunResult first = run(Map.of(), RunOptions.defaults(home()));
        List<PlannedStep> plan = plan(Map.of("title", "other"), RunOptions.defaults(home()));

        assertThat(decisions(plan)).containsEntry("load", "cached hit").containsEntry("head", "run changed")
                .containsEntry("count", "run upstream_runs").containsEntry("ship", "run upstream_runs")
                .containsEntry("fan[text=a]", "cached hit");
        PlannedStep head = step(plan, "head");
        String before = recorded(first, "head").id();
        assertThat(head.comparedWith()).hasValue(before);
        assertThat(head.why()).isEqualTo("cache miss: compared with the most recent earlier run of this step, " + before
                + " (succeeded), its cache key changed");
        assertThat(head.keyParts()).isPresent();
        assertThat(head.earlierParts()).isPresent();
        assertThat(head.keyParts().get()).isNotEqualTo(head.earlierParts().get()).contains("other");
        PlannedStep count = step(plan, "count");
        assertThat(count.upstream()).containsExactly("head");
        assertThat(count.why()).isEqualTo("upstream step 'head' runs first, so its inputs are not known yet (it comes"
                + " from the cache if they come out the same)");
        assertThat(count.cacheKey()).isEmpty();

        RunResult again = run(Map.of("title", "other"), RunOptions.defaults(home()));
        assertThat(YamlRuns.statuses(again)).isEqualTo(expected(plan));
    }

    @Test
    void aFalseWhenSkipsTheStepAndEveryStepThatNeedsItsOutputs() throws IOException {
        run(Map.of(), RunOptions.defaults(home()));
        List<PlannedStep> plan = plan(Map.of("deploy", "false"), RunOptions.defaults(home()));

        assertThat(decisions(plan)).containsEntry("ship", "skipped when_false")
                .containsEntry("after_ship", "skipped upstream_skipped").containsEntry("count", "cached hit");
        assertThat(step(plan, "ship").why()).isEqualTo("when: ${params.deploy} is false");
        assertThat(step(plan, "after_ship").why()).isEqualTo("input 'in' comes from skipped step 'ship'");

        RunResult again = run(Map.of("deploy", "false"), RunOptions.defaults(home()));
        assertThat(YamlRuns.statuses(again)).isEqualTo(expected(plan));
    }

    @Test
    void aStepThatNeverRanBeforeIsNamedAsSuch() throws IOException {
        run(Map.of("deploy", "false"), RunOptions.defaults(home()));
        List<PlannedStep> plan = plan(Map.of(), RunOptions.defaults(home()));

        assertThat(decisions(plan)).containsEntry("ship", "run never_ran").containsEntry("count", "cached hit");
        assertThat(step(plan, "ship").why()).isEqualTo("no earlier run of this step (in runs of pipeline planned):"
                + " there is nothing to reuse");
        assertThat(step(plan, "ship").comparedWith()).isEmpty();
        assertThat(step(plan, "ship").cacheKey()).isPresent();
    }

    @Test
    void noCacheRunsEveryStepAndResumingReusesWhatTheResumedRunFinished() throws IOException {
        RunResult first = run(Map.of(), RunOptions.defaults(home()));

        List<PlannedStep> noCache = plan(Map.of(), RunOptions.defaults(home()).withNoCache(true));
        assertThat(noCache).filteredOn(s -> s.decision() != PlannedStep.Decision.SKIPPED)
                .allSatisfy(s -> {
                    assertThat(s.reason()).isEqualTo(PlannedStep.Reason.CACHE_OFF);
                    assertThat(s.why()).isEqualTo("the cache is off (--no-cache)");
                });

        List<PlannedStep> resumed = plan(Map.of(), RunOptions.defaults(home()).withNoCache(true).withResume(first.runId()));
        assertThat(decisions(resumed)).containsEntry("load", "cached resumed").containsEntry("count", "cached resumed");
        assertThat(step(resumed, "count").why()).isEqualTo("the run it resumes, " + first.runId()
                + ", finished it with the same cache key");
        assertThat(step(resumed, "count").source()).hasValue(recorded(first, "count").id());

        // resuming with a changed parameter: the changed step does not match what the resumed run finished
        List<PlannedStep> changed = plan(Map.of("title", "other"),
                RunOptions.defaults(home()).withNoCache(true).withResume(first.runId()));
        assertThat(decisions(changed)).containsEntry("load", "cached resumed").containsEntry("head", "run cache_off")
                .containsEntry("count", "run upstream_runs");
        assertThat(step(changed, "head").why()).isEqualTo("the cache is off (--no-cache), and the run it resumes did not"
                + " finish it with this cache key");
        assertThat(step(changed, "head").cacheKey()).isPresent();
    }
}
