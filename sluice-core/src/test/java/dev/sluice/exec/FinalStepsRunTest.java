package dev.sluice.exec;

import dev.sluice.api.RunStatus;
import dev.sluice.api.StepStatus;
import dev.sluice.pipeline.FinalSteps;
import dev.sluice.pipeline.Pipeline;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;

import static dev.sluice.exec.YamlRuns.lastLogLine;
import static dev.sluice.exec.YamlRuns.statuses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Steps of {@code finally:} and {@code on_failure:} run in a real workspace: after every other step, whatever happened
 * (a cancelled run gives them a grace period), reading {@code ${run.status}} and {@code ${run.failed_steps}}; their own
 * failure is recorded and leaves the run's status as it was.
 */
@Timeout(120)
class FinalStepsRunTest {
    @TempDir Path home;
    @TempDir Path dir;
    private Workspace ws;

    /** {@code work} fails when asked; {@code cleanup} and {@code notify} print what they were told. */
    private static final String PIPELINE = """
            pipeline: tidy
            params:
              fail: {type: bool, default: false}
              cleanup_fails: {type: bool, default: false}
            steps:
              work:
                run: [python3, -c, "import sys; sys.exit(1 if sys.argv[1] == 'true' else 0)", "${params.fail}"]
              other: {run: [python3, -c, "print('other')"]}
              report: {run: [python3, -c, "print('report')"], after: [work]}
              cleanup:
                run: [python3, -c, "import sys; print('status=' + sys.argv[1], 'failed=' + sys.argv[2]); sys.exit(3 if sys.argv[3] == 'true' else 0)",
                      "${run.status}", "${run.failed_steps}", "${params.cleanup_fails}"]
              notify:
                run: [python3, -c, "import sys; print('notify', sys.argv[1])", "${run.failed_steps}"]
                after: [cleanup]
            finally: [cleanup]
            on_failure: [notify]
            """;

    @BeforeEach
    void open() throws IOException {
        ws = Workspace.open(home);
        Files.writeString(dir.resolve("tidy.yaml"), PIPELINE);
    }

    @AfterEach
    void close() {
        ws.close();
    }

    private Pipeline load(Map<String, String> params) {
        return YamlRuns.load(dir.resolve("tidy.yaml"), params);
    }

    private RunResult run(Map<String, String> params) {
        return new LocalExecutor(new RunOptions(2, false, home), ws).run(load(params), RunListener.NONE);
    }


    private StepStatus recorded(RunResult r, String step) {
        return ws.metadata().queries().stepRun(r.runId(), step).orElseThrow().state();
    }

    @Test
    void aFailingRunRunsItsFinallyAndOnFailureStepsAndStaysFailed() throws IOException {
        RunResult r = run(Map.of("fail", "true"));

        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(statuses(r)).isEqualTo(Map.of("work", StepStatus.FAILED, "other", StepStatus.SUCCEEDED,
                "report", StepStatus.BLOCKED, "cleanup", StepStatus.SUCCEEDED, "notify", StepStatus.SUCCEEDED));
        assertThat(lastLogLine(r, "cleanup")).isEqualTo("status=failed failed=work");
        assertThat(lastLogLine(r, "notify")).isEqualTo("notify work");
        assertThat(recorded(r, "cleanup")).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(recorded(r, "notify")).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(ws.metadata().queries().run(r.runId()).orElseThrow().state()).isEqualTo(RunStatus.FAILED);
        var queries = ws.metadata().queries();
        assertThat(queries.finalSteps(r.runId())).isEqualTo(Map.of("cleanup", "finally", "notify", "on_failure"));
        String page = dev.sluice.report.RunReportPage.render(queries.run(r.runId()).orElseThrow(), queries.stepRuns(r.runId()),
                queries.sweeps(r.runId()), queries.finalSteps(r.runId()));
        assertThat(page).contains("<td>cleanup <span class=\"phase\" title=\"runs after all the other steps, whatever"
                + " happened\">finally</span></td>", "<td>notify <span class=\"phase\" title=\"runs after all the other steps,"
                + " when the run fails\">on_failure</span></td>", "<td>work</td>");
    }

    @Test
    void aSucceedingRunRunsFinallyOnlyAndSkipsOnFailure() throws IOException {
        RunResult r = run(Map.of());

        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(statuses(r)).containsEntry("cleanup", StepStatus.SUCCEEDED).containsEntry("notify", StepStatus.SKIPPED);
        assertThat(lastLogLine(r, "cleanup")).isEqualTo("status=succeeded failed=");
        assertThat(r.step("notify").orElseThrow().error())
                .hasValue("the run succeeded, and on_failure: steps run only when it fails");
        assertThat(recorded(r, "notify")).isEqualTo(StepStatus.SKIPPED);
        // the finally step started only after every other step ended
        Optional<java.time.Instant> cleanupStart = r.step("cleanup").orElseThrow().started();
        for (String other : List.of("work", "other", "report")) {
            StepResult s = r.step(other).orElseThrow();
            assertThat(s.started().orElseThrow().plus(s.duration())).isBeforeOrEqualTo(cleanupStart.orElseThrow());
        }
    }

    @Test
    void aFinallyStepIsCachedLikeAnyStepWhenWhatItReadsIsTheSame() throws IOException {
        assertThat(run(Map.of()).status()).isEqualTo(RunStatus.SUCCEEDED);
        RunResult again = run(Map.of());
        assertThat(statuses(again)).containsEntry("work", StepStatus.CACHED).containsEntry("cleanup", StepStatus.CACHED);
        // a failed run gives it another ${run.status}: a cache miss, and what it prints is this run's
        RunResult failed = run(Map.of("fail", "true"));
        assertThat(statuses(failed)).containsEntry("cleanup", StepStatus.SUCCEEDED);
        assertThat(lastLogLine(failed, "cleanup")).isEqualTo("status=failed failed=work");
    }

    @Test
    void aResumedRunReusesWhatSucceededAndRunsItsFinallyStepForItsOwnStatus() throws IOException {
        RunResult failed = run(Map.of("fail", "true"));
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);

        RunResult resumed = new LocalExecutor(new RunOptions(2, false, home).withResume(failed.runId()), ws)
                .run(load(Map.of()), RunListener.NONE);

        assertThat(resumed.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(statuses(resumed)).containsEntry("other", StepStatus.CACHED).containsEntry("work", StepStatus.SUCCEEDED)
                .containsEntry("cleanup", StepStatus.SUCCEEDED).containsEntry("notify", StepStatus.SKIPPED);
        assertThat(lastLogLine(resumed, "cleanup")).isEqualTo("status=succeeded failed=");
    }

    @Test
    void aFailingFinallyStepIsRecordedFailedAndLeavesTheRunSucceeded() {
        RunResult r = run(Map.of("cleanup_fails", "true"));

        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(statuses(r)).containsEntry("cleanup", StepStatus.FAILED).containsEntry("notify", StepStatus.SKIPPED);
        assertThat(recorded(r, "cleanup")).isEqualTo(StepStatus.FAILED);
        assertThat(ws.metadata().queries().run(r.runId()).orElseThrow().state()).isEqualTo(RunStatus.SUCCEEDED);
    }

    /** A pipeline whose main step runs until cancelled, with a finally step given by {@code cleanup}. */
    private Pipeline endless(String cleanup) {
        return Pipeline.builder("endless").baseDir(dir)
                .step("busy", s -> s.run("python3", "-c", "import time; time.sleep(600)"))
                .step("cleanup", s -> s.run("python3", "-c", cleanup, "${run.status}").cache(false))
                .step("notify", s -> s.run("python3", "-c", "print('notify')"))
                .finallySteps("cleanup")
                .onFailure("notify")
                .build();
    }

    @Test
    void aCancelledRunStillRunsItsFinallyStepsAndStaysCancelled() throws Exception {
        RecordingListener events = new RecordingListener();
        CountDownLatch started = events.on(e -> e instanceof RunEvent.StepStarted s && s.step().equals("busy"));
        RunHandle h = new LocalExecutor(new RunOptions(2, false, home), ws)
                .start(endless("import sys; print('cleanup after ' + sys.argv[1])"), events);
        RecordingListener.await(started);

        h.cancel();
        RunResult r = h.await();

        assertThat(r.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(statuses(r)).isEqualTo(Map.of("busy", StepStatus.CANCELLED, "cleanup", StepStatus.SUCCEEDED,
                "notify", StepStatus.SKIPPED));
        assertThat(lastLogLine(r, "cleanup")).isEqualTo("cleanup after cancelled");
        assertThat(recorded(r, "cleanup")).isEqualTo(StepStatus.SUCCEEDED);
    }

    @Test
    void aFinallyStepStillRunningWhenTheGracePeriodEndsIsCancelled() throws Exception {
        RecordingListener events = new RecordingListener();
        CountDownLatch started = events.on(e -> e instanceof RunEvent.StepStarted s && s.step().equals("busy"));
        RunHandle h = new LocalExecutor(new RunOptions(2, false, home).withFinallyGrace(Duration.ZERO), ws)
                .start(endless("import time; time.sleep(600)"), events);
        RecordingListener.await(started);

        h.cancel();
        RunResult r = h.await();

        assertThat(r.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(statuses(r)).containsEntry("busy", StepStatus.CANCELLED).containsEntry("cleanup", StepStatus.CANCELLED);
    }

    @Test
    void cancellingWhileFinallyStepsRunStopsThemAfterTheGracePeriodAndKeepsTheRunsStatus() throws Exception {
        RecordingListener events = new RecordingListener();
        CountDownLatch started = events.on(e -> e instanceof RunEvent.StepStarted s && s.step().equals("cleanup"));
        Pipeline p = Pipeline.builder("slow-cleanup").baseDir(dir)
                .step("quick", s -> s.run("python3", "-c", "print('done')"))
                .step("cleanup", s -> s.run("python3", "-c", "import time; time.sleep(600)"))
                .finallySteps("cleanup")
                .build();
        RunHandle h = new LocalExecutor(new RunOptions(2, false, home).withFinallyGrace(Duration.ZERO), ws).start(p, events);
        RecordingListener.await(started);

        h.cancel();
        RunResult r = h.await();

        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(statuses(r)).containsEntry("quick", StepStatus.SUCCEEDED).containsEntry("cleanup", StepStatus.CANCELLED);
    }

    @Test
    void failFastStopsTheOtherStepsButNotTheFinallyOnes() {
        RunResult r = new LocalExecutor(new RunOptions(1, true, home), ws).run(load(Map.of("fail", "true")), RunListener.NONE);
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(statuses(r)).containsEntry("cleanup", StepStatus.SUCCEEDED).containsEntry("notify", StepStatus.SUCCEEDED);
    }

    @Test
    void thePlanListsFinallyAndOnFailureStepsWithTheirPhase() {
        List<PlannedStep> plan = new Planner(Optional.of(ws)).plan(load(Map.of()), new RunOptions(2, false, home));
        Map<String, PlannedStep> byName = new TreeMap<>();
        plan.forEach(s -> byName.put(s.name(), s));
        assertThat(byName.get("work").phase()).isEqualTo(FinalSteps.Phase.MAIN);
        assertThat(byName.get("cleanup").phase()).isEqualTo(FinalSteps.Phase.FINALLY);
        assertThat(byName.get("cleanup").decision()).isEqualTo(PlannedStep.Decision.RUN);
        assertThat(byName.get("cleanup").reason()).isEqualTo(PlannedStep.Reason.READS_RUN);
        assertThat(byName.get("notify").phase()).isEqualTo(FinalSteps.Phase.ON_FAILURE);
        assertThat(byName.get("notify").decision()).isEqualTo(PlannedStep.Decision.SKIPPED);
        assertThat(byName.get("notify").why()).isEqualTo("an on_failure: step: it runs after the others only if the run fails");
    }
}
