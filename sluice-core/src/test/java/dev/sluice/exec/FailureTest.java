package dev.sluice.exec;

import dev.sluice.api.RunStatus;
import dev.sluice.api.StepStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.sluice.exec.TestPipelines.pipeline;
import static dev.sluice.exec.TestPipelines.step;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class FailureTest {
    @TempDir Path home;
    @TempDir Path base;

    @Test
    void aFailedStepBlocksItsDependentsWhileAnIndependentBranchFinishes() {
        RecordingListener events = new RecordingListener();
        RunResult r = new LocalExecutor(new RunOptions(2, false, home)).run(pipeline(base,
                step("bad").java(ctx -> { throw new IllegalStateException("disk on fire"); }).build(),
                step("child").after("bad").build(),
                step("grandchild").after("child").build(),
                step("other").java(ctx -> ctx.metric("ok", 1)).build(),
                step("afterOther").after("other").build()), events);

        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.step("bad").orElseThrow().error()).contains("disk on fire");
        assertThat(r.step("bad").orElseThrow().log()).hasValueSatisfying(log ->
                assertThat(log).content().contains("IllegalStateException").contains("at dev.sluice"));
        assertThat(r.step("child").orElseThrow().status()).isEqualTo(StepStatus.BLOCKED);
        assertThat(r.step("grandchild").orElseThrow().status()).isEqualTo(StepStatus.BLOCKED);
        assertThat(events.ofType(RunEvent.StepBlocked.class)).extracting(RunEvent.StepBlocked::blockedBy)
                .containsExactly("bad", "bad");
        assertThat(r.step("other").orElseThrow().status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(r.step("afterOther").orElseThrow().status()).isEqualTo(StepStatus.SUCCEEDED);
    }

    @Test
    void failFastCancelsRunningAndPendingSteps() throws Exception {
        CountDownLatch slowStarted = new CountDownLatch(1);
        AtomicInteger interrupted = new AtomicInteger();
        RunResult r = new LocalExecutor(new RunOptions(2, true, home)).run(pipeline(base,
                step("slow").java(ctx -> {
                    slowStarted.countDown();
                    try {
                        Thread.sleep(30_000);
                    } catch (InterruptedException e) {
                        interrupted.incrementAndGet();
                        throw e;
                    }
                }).build(),
                step("bad").java(ctx -> {
                    if (!slowStarted.await(10, TimeUnit.SECONDS)) throw new AssertionError("slow never started");
                    throw new IllegalStateException("boom");
                }).build(),
                step("afterSlow").after("slow").build(),
                step("afterBad").after("bad").build()), RunListener.NONE);

        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.step("bad").orElseThrow().status()).isEqualTo(StepStatus.FAILED);
        assertThat(r.step("afterBad").orElseThrow().status()).isEqualTo(StepStatus.BLOCKED);
        assertThat(r.step("slow").orElseThrow().status()).isEqualTo(StepStatus.CANCELLED);
        assertThat(r.step("afterSlow").orElseThrow().status()).isEqualTo(StepStatus.CANCELLED);
        assertThat(interrupted).hasValue(1);
    }

    @Test
    void aStepFailingTwiceThenSucceedingTakesThreeAttempts() {
        AtomicInteger calls = new AtomicInteger();
        RecordingListener events = new RecordingListener();
        RunResult r = new LocalExecutor(new RunOptions(2, false, home)).run(pipeline(base,
                step("flaky").retries(3, Duration.ofMillis(10)).java(ctx -> {
                    assertThat(ctx.attempt()).isEqualTo(calls.incrementAndGet());
                    if (calls.get() < 3) throw new IllegalStateException("flake " + calls.get());
                }).build()), events);

        StepResult flaky = r.step("flaky").orElseThrow();
        assertThat(flaky.status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(flaky.attempts()).isEqualTo(3);
        assertThat(events.ofType(RunEvent.StepRetrying.class))
                .extracting(RunEvent.StepRetrying::failedAttempt, RunEvent.StepRetrying::delay, RunEvent.StepRetrying::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, Duration.ofMillis(10), "flake 1"),
                        org.assertj.core.groups.Tuple.tuple(2, Duration.ofMillis(20), "flake 2"));
        assertThat(events.labels("flaky")).containsExactly("StepStarted", "StepRetrying", "StepStarted", "StepRetrying",
                "StepStarted", "StepSucceeded");
    }

    @Test
    void aStepThatAlwaysFailsEndsFailedAfterAllRetries() {
        RunResult r = new LocalExecutor(new RunOptions(1, false, home)).run(pipeline(base,
                step("never").retries(2, Duration.ZERO).java(ctx -> { throw new IllegalStateException("no"); }).build(),
                step("next").after("never").build()), RunListener.NONE);

        assertThat(r.step("never").orElseThrow().status()).isEqualTo(StepStatus.FAILED);
        assertThat(r.step("never").orElseThrow().attempts()).isEqualTo(3);
        assertThat(r.step("never").orElseThrow().error()).hasValue("no");
        assertThat(r.step("next").orElseThrow().status()).isEqualTo(StepStatus.BLOCKED);
    }

    @Test
    void eachAttemptGetsFreshFolders() {
        AtomicInteger calls = new AtomicInteger();
        RunResult r = new LocalExecutor(new RunOptions(1, false, home)).run(pipeline(base,
                step("s").retries(1, Duration.ZERO).java(ctx -> {
                    Path scratch = ctx.workDir().resolve("scratch.txt");
                    assertThat(scratch).doesNotExist();
                    Files.writeString(scratch, "x");
                    if (calls.incrementAndGet() == 1) throw new IllegalStateException("first");
                }).build()), RunListener.NONE);

        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.step("s").orElseThrow().attempts()).isEqualTo(2);
    }

    @Test
    void aJavaStepSleepingPastItsTimeoutFails() {
        RunResult r = new LocalExecutor(new RunOptions(1, false, home)).run(pipeline(base,
                step("sleepy").timeout(Duration.ofSeconds(1)).java(ctx -> Thread.sleep(30_000)).build()), RunListener.NONE);

        assertThat(r.step("sleepy").orElseThrow().status()).isEqualTo(StepStatus.FAILED);
        assertThat(r.step("sleepy").orElseThrow().error()).hasValue("timed out after 1s");
    }

    @Test
    void aJavaStepMustWriteEveryDeclaredOutput() {
        var spec = dev.sluice.api.ComponentSpec.builder("lazy", "1").output("model", dev.sluice.api.PortKind.FILE).build();
        RunResult r = new LocalExecutor(new RunOptions(1, false, home)).run(pipeline(base,
                step("lazy").java(spec, ctx -> { }).build()), RunListener.NONE);

        assertThat(r.step("lazy").orElseThrow().error()).hasValue("step 'lazy' did not write its output 'model'");
    }

    @Test
    void aListenerThatThrowsDoesNotBreakTheRun() {
        RunResult r = new LocalExecutor(new RunOptions(1, false, home)).run(pipeline(base, step("a").build()), e -> {
            throw new IllegalStateException("listener bug");
        });
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void cancellingARunInterruptsJavaStepsAndCancelsTheRest() throws Exception {
        RecordingListener events = new RecordingListener();
        CountDownLatch started = events.on(e -> e instanceof RunEvent.StepStarted s && s.step().equals("busy"));
        AtomicInteger interrupted = new AtomicInteger();
        // read inside the step, asserted outside: a failed assertion in a cancelled step is swallowed as its error
        java.util.concurrent.atomic.AtomicReference<Boolean> sawCancelled = new java.util.concurrent.atomic.AtomicReference<>();
        RunHandle h = new LocalExecutor(new RunOptions(2, false, home)).start(pipeline(base,
                step("busy").java(ctx -> {
                    ctx.log("working");
                    try {
                        Thread.sleep(30_000);
                    } catch (InterruptedException e) {
                        interrupted.incrementAndGet();
                        sawCancelled.set(ctx.cancelled());
                        throw e;
                    }
                }).build(),
                step("next").after("busy").build()), events);
        RecordingListener.await(started);

        h.cancel();
        RunResult r = h.await();

        assertThat(r.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(r.step("busy").orElseThrow().status()).isEqualTo(StepStatus.CANCELLED);
        assertThat(r.step("next").orElseThrow().status()).isEqualTo(StepStatus.CANCELLED);
        assertThat(interrupted).hasValue(1);
        assertThat(sawCancelled).as("ctx.cancelled() inside the interrupted step").hasValue(true);
        assertThat(r.step("busy").orElseThrow().log().orElseThrow()).content().startsWith("working");
        h.cancel();
    }

    @Test
    void anAssertionErrorInAStepFailsItWithItsMessage() {
        RunResult r = new LocalExecutor(new RunOptions(1, false, home)).run(pipeline(base,
                step("a").java(ctx -> { throw new AssertionError("expected 3 columns"); }).build()), RunListener.NONE);
        assertThat(r.step("a").orElseThrow().error()).hasValue("expected 3 columns");
    }
}
