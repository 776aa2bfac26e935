package dev.sluice.exec;

import dev.sluice.api.Component;
import dev.sluice.api.ComponentSpec;
import dev.sluice.api.RunStatus;
import dev.sluice.api.StepContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.sluice.exec.TestPipelines.pipeline;
import static dev.sluice.exec.TestPipelines.step;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class WarmUpsTest {
    @TempDir Path home;
    @TempDir Path base;

    /** Counts its warm-ups; the step waits until the warm-up has run, so the test sees it ran before or beside it. */
    static final class Warming implements Component, WarmsUp {
        static final AtomicInteger WARM_UPS = new AtomicInteger();
        static final CountDownLatch WARMED = new CountDownLatch(1);

        public ComponentSpec spec() { return ComponentSpec.builder("warming", "1").build(); }

        public void run(StepContext ctx) throws Exception {
            if (!WARMED.await(10, TimeUnit.SECONDS)) throw new IllegalStateException("never warmed up");
        }

        public void warmUp() {
            WARM_UPS.incrementAndGet();
            WARMED.countDown();
        }
    }

    /** Its warm-up fails: the run must not notice. */
    static final class FailingWarmUp implements Component, WarmsUp {
        public ComponentSpec spec() { return ComponentSpec.builder("failing-warm-up", "1").build(); }
        public void run(StepContext ctx) { }
        public void warmUp() { throw new IllegalStateException("no warm-up today"); }
    }

    /** Its warm-up waits (up to 10 s) for {@link Quick}'s, as a slow one would hold a queue. */
    static final class Slow implements Component, WarmsUp {
        public ComponentSpec spec() { return ComponentSpec.builder("slow-warm-up", "1").build(); }
        public void run(StepContext ctx) { }
        public void warmUp() {
            try {
                Quick.WARMED.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Its step fails unless its warm-up ran within 5 s. */
    static final class Quick implements Component, WarmsUp {
        static final CountDownLatch WARMED = new CountDownLatch(1);
        public ComponentSpec spec() { return ComponentSpec.builder("quick-warm-up", "1").build(); }
        public void run(StepContext ctx) throws Exception {
            if (!WARMED.await(5, TimeUnit.SECONDS)) throw new IllegalStateException("warm-up held back by a slow one");
        }
        public void warmUp() { WARMED.countDown(); }
    }

    @Test
    void aSlowWarmUpDoesNotHoldBackTheOthers() {
        LocalExecutor executor = new LocalExecutor(new RunOptions(2, false, home));
        RunResult r = executor.run(pipeline(base, step("slow").uses(new Slow()).build(),
                step("quick").uses(new Quick()).build()), RunListener.NONE);
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void aComponentIsWarmedUpOncePerProcessOnABackgroundThreadAndAFailedWarmUpHarmsNothing() {
        LocalExecutor executor = new LocalExecutor(new RunOptions(2, false, home));
        Warming warming = new Warming();
        for (int run = 0; run < 2; run++) {
            RunResult r = executor.run(pipeline(base, step("a").uses(warming).build(), step("b").uses(new Warming()).build(),
                    step("c").uses(new FailingWarmUp()).build()), RunListener.NONE);
            assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        }
        assertThat(Warming.WARM_UPS.get()).as("one warm-up for the class, whatever the steps and runs").isEqualTo(1);
    }
}
