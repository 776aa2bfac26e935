package dev.sluice.exec;

import dev.sluice.api.ComponentSpec;
import dev.sluice.api.PortKind;
import dev.sluice.api.PortSpec;
import dev.sluice.api.RunStatus;
import dev.sluice.api.StepStatus;
import dev.sluice.pipeline.StepNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static dev.sluice.exec.TestPipelines.pipeline;
import static dev.sluice.exec.TestPipelines.step;
import static org.assertj.core.api.Assertions.assertThat;

/** Correctness at scale: no timing assertions, only that every step ran once and in a valid order. */
@Timeout(300)
class ScaleTest {
    private static final int N = 20_000;
    @TempDir Path home;
    @TempDir Path base;

    @Test
    void aChainOfTwentyThousandStepsSucceeds() {
        AtomicInteger previous = new AtomicInteger(-1);
        AtomicInteger outOfOrder = new AtomicInteger();
        List<StepNode> steps = new ArrayList<>(N);
        for (int i = 0; i < N; i++) {
            int me = i;
            var s = step("s" + i).java(ctx -> {
                if (previous.getAndSet(me) != me - 1) outOfOrder.incrementAndGet();
            });
            if (i > 0) s.after("s" + (i - 1));
            steps.add(s.build());
        }

        RunResult r = new LocalExecutor(new RunOptions(2, false, home)).run(pipeline(base, steps), RunListener.NONE);

        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.steps()).hasSize(N).extracting(StepResult::status).containsOnly(StepStatus.SUCCEEDED);
        assertThat(outOfOrder).hasValue(0);
        assertThat(home.resolve("runs").resolve(r.runId()).resolve("steps")).doesNotExist();
    }

    @Test
    void aFanOutOfTwentyThousandAndBackInSucceeds() {
        var value = ComponentSpec.builder("v", "1").output("v", PortKind.VALUE).build();
        var sum = ComponentSpec.builder("sum", "1").manyInput("parts", PortKind.VALUE).build();
        AtomicLong total = new AtomicLong();
        List<StepNode> steps = new ArrayList<>(N + 2);
        steps.add(step("root").build());
        String[] refs = new String[N];
        for (int i = 0; i < N; i++) {
            long me = i;
            steps.add(step("leaf[i=" + i + "]").base("leaf").after("root").java(value, ctx -> ctx.outputValue("v", me)).build());
            refs[i] = "leaf[i=" + i + "].v";
        }
        steps.add(step("sum").java(sum, ctx -> {
            List<?> parts = (List<?>) ctx.inputValue("parts");
            long s = 0;
            for (Object p : parts) s += (Long) p;
            total.set(s);
        }).input(new PortSpec("parts", PortKind.VALUE, true, false, ""), refs).build());

        RecordingListener events = new RecordingListener();
        RunResult r = new LocalExecutor(new RunOptions(2, false, home)).run(pipeline(base, steps), events);

        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.steps()).hasSize(N + 2).extracting(StepResult::status).containsOnly(StepStatus.SUCCEEDED);
        assertThat(total).hasValue((long) N * (N - 1) / 2);
        assertThat(events.events()).hasSize(2 + 2 * (N + 2));
        assertThat(events.events().getLast()).isInstanceOf(RunEvent.RunFinished.class);
    }

    @Test
    void aFailureAtTheHeadOfALongChainBlocksEveryStep() {
        List<StepNode> steps = new ArrayList<>(N);
        steps.add(step("s0").java(ctx -> { throw new IllegalStateException("head"); }).build());
        for (int i = 1; i < N; i++) steps.add(step("s" + i).after("s" + (i - 1)).build());

        RunResult r = new LocalExecutor(new RunOptions(2, false, home)).run(pipeline(base, steps), RunListener.NONE);

        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.steps().subList(1, N)).extracting(StepResult::status).containsOnly(StepStatus.BLOCKED);
    }
}
