package dev.sluice.exec;

import dev.sluice.api.RunStatus;
import dev.sluice.api.StepStatus;
import dev.sluice.meta.RunRow;
import dev.sluice.meta.StepRunRow;
import dev.sluice.pipeline.Pipeline;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static dev.sluice.exec.TestPipelines.pipeline;
import static dev.sluice.exec.TestPipelines.step;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A step that ends in an {@link Error} or fails before it starts is recorded as failed, with its error, a hint and
 * its log, and the run stays consistent (no step left "running") and resumable.
 */
@Timeout(60)
class StepErrorRecordTest {
    @TempDir Path home;
    @TempDir Path base;
    Workspace ws;

    @BeforeEach
    void open() {
        ws = Workspace.open(home);
    }

    @AfterEach
    void close() {
        ws.close();
    }

    private RunResult run(Pipeline p) {
        return new LocalExecutor(new RunOptions(2, false, home), ws).run(p, RunListener.NONE);
    }

    private Map<String, StepStatus> recorded(String runId) {
        Map<String, StepStatus> m = new TreeMap<>();
        for (StepRunRow row : ws.metadata().queries().stepRuns(runId)) m.put(row.step(), row.state());
        return m;
    }

    private static int depth(int n) {
        return n <= 0 ? 0 : 1 + depth(n + 1);
    }

    @Test
    void aStackOverflowFailsTheStepWithAHintAndWritesItsLog() {
        RunResult r = run(pipeline(base,
                step("deep").java(ctx -> ctx.metric("depth", depth(1))).build(),
                step("next").after("deep").build(),
                step("other").build()));

        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        StepResult deep = r.step("deep").orElseThrow();
        assertThat(deep.status()).isEqualTo(StepStatus.FAILED);
        assertThat(deep.error()).hasValue("stack overflow (StackOverflowError): the step recursed too deeply; "
                + "fix the recursion, or raise the threads' stack size with SLUICE_JAVA_OPTS=-Xss16m");
        assertThat(deep.log()).hasValueSatisfying(log -> assertThat(log).content().contains("java.lang.StackOverflowError"));
        StepRunRow row = ws.metadata().queries().stepRun(r.runId(), "deep").orElseThrow();
        assertThat(row.state()).isEqualTo(StepStatus.FAILED);
        assertThat(row.error()).isEqualTo(deep.error());
        assertThat(recorded(r.runId())).containsExactlyInAnyOrderEntriesOf(Map.of(
                "deep", StepStatus.FAILED, "next", StepStatus.BLOCKED, "other", StepStatus.SUCCEEDED));
        RunRow run = ws.metadata().queries().run(r.runId()).orElseThrow();
        assertThat(run.state()).isEqualTo(RunStatus.FAILED);
    }

    @Test
    void aRunWhoseMetadataStoreStopsRecordingStillEnds() throws Exception {
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        RunHandle h = new LocalExecutor(new RunOptions(1, false, home), ws).start(pipeline(base,
                step("hold").java(ctx -> {
                    started.countDown();
                    release.await();
                    ctx.metric("held", 1);
                }).build(),
                step("fails").after("hold").java(ctx -> { throw new IllegalStateException("no"); }).build(),
                step("blocked").after("fails").build()), RunListener.NONE);
        started.await();

        ws.metadata().close(); // the writer stops: every record from now on is refused
        release.countDown();
        RunResult r = java.util.concurrent.CompletableFuture.supplyAsync(h::await).get(30, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.step("hold").orElseThrow().metrics()).containsEntry("held", 1.0);
        assertThat(r.step("blocked").orElseThrow().status()).isEqualTo(StepStatus.BLOCKED);
    }

    @Test
    void aStepFailingBeforeItStartsIsRecordedAsFailed() {
        RunResult r = run(pipeline(base,
                step("a").build(),
                step("broken").when("${steps.a.metrics.missing} > 1").build(),
                step("after").after("broken").build()));

        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.step("broken").orElseThrow().error()).hasValueSatisfying(e -> assertThat(e).startsWith("when: "));
        StepRunRow row = ws.metadata().queries().stepRun(r.runId(), "broken").orElseThrow();
        assertThat(row.state()).isEqualTo(StepStatus.FAILED);
        assertThat(row.error()).isEqualTo(r.step("broken").orElseThrow().error());
        assertThat(recorded(r.runId())).containsEntry("after", StepStatus.BLOCKED);
    }
}
