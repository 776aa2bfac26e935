package dev.sluice.exec;

import dev.sluice.api.RunStatus;
import dev.sluice.api.StepStatus;
import dev.sluice.pipeline.StepNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.sluice.exec.TestPipelines.pipeline;
import static dev.sluice.exec.TestPipelines.step;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class ParallelismTest {
    @TempDir Path home;
    @TempDir Path base;

    @Test
    void twoIndependentStepsRunAtTheSameTime() {
        CountDownLatch bothStarted = new CountDownLatch(2);
        var meet = (dev.sluice.api.Step) ctx -> {
            bothStarted.countDown();
            if (!bothStarted.await(10, TimeUnit.SECONDS)) throw new IllegalStateException("the other step never started");
        };
        RunResult r = run(2, step("a").java(meet).build(), step("b").java(meet).build());

        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.steps()).extracting(StepResult::status).containsOnly(StepStatus.SUCCEEDED);
    }

    @Test
    void oneWorkerNeverRunsTwoStepsAtOnce() {
        Concurrency c = new Concurrency();
        List<StepNode> steps = new ArrayList<>();
        for (int i = 0; i < 6; i++) steps.add(step("free" + i).java(ctx -> c.during(() -> Thread.sleep(2))).build());
        steps.add(step("c1").java(ctx -> c.during(() -> Thread.sleep(2))).build());
        steps.add(step("c2").after("c1").java(ctx -> c.during(() -> Thread.sleep(2))).build());
        steps.add(step("c3").after("c2").java(ctx -> c.during(() -> Thread.sleep(2))).build());

        RunResult r = run(1, steps.toArray(StepNode[]::new));

        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(c.max.get()).isEqualTo(1);
    }

    @Test
    void aStepWithTwoCpusRunsAloneOnTwoWorkers() {
        Concurrency c = new Concurrency();
        AtomicBoolean bigRunning = new AtomicBoolean();
        AtomicBoolean overlap = new AtomicBoolean();
        List<StepNode> steps = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            steps.add(step("small" + i).java(ctx -> c.during(() -> {
                if (bigRunning.get()) overlap.set(true);
                Thread.sleep(5);
                if (bigRunning.get()) overlap.set(true);
            })).build());
        }
        steps.add(step("big").cpu(2).java(ctx -> {
            assertThat(ctx.cpus()).isEqualTo(2);
            c.during(() -> {
                bigRunning.set(true);
                if (c.now.get() > 1) overlap.set(true);
                Thread.sleep(20);
                if (c.now.get() > 1) overlap.set(true);
                bigRunning.set(false);
            });
        }).build());
        for (int i = 4; i < 8; i++) {
            steps.add(step("small" + i).java(ctx -> c.during(() -> {
                if (bigRunning.get()) overlap.set(true);
                Thread.sleep(5);
            })).build());
        }

        RunResult r = run(2, steps.toArray(StepNode[]::new));

        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(overlap).isFalse();
    }

    @Test
    void aStepAskingForMoreCpusThanWorkersStillRuns() {
        RunResult r = run(1, step("huge").cpu(8).java(ctx -> assertThat(ctx.cpus()).isEqualTo(1)).build());
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    private RunResult run(int workers, StepNode... steps) {
        return new LocalExecutor(new RunOptions(workers, false, home)).run(pipeline(base, steps), RunListener.NONE);
    }

    /** Counts steps inside {@link #during} and remembers the most at once. */
    static final class Concurrency {
        final AtomicInteger now = new AtomicInteger();
        final AtomicInteger max = new AtomicInteger();

        interface Work {
            void run() throws Exception;
        }

        void during(Work w) throws Exception {
            max.accumulateAndGet(now.incrementAndGet(), Math::max);
            try {
                w.run();
            } finally {
                now.decrementAndGet();
            }
        }
    }
}
