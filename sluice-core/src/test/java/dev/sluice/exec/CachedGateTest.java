package dev.sluice.exec;

import dev.sluice.api.CheckResult;
import dev.sluice.api.ParamSpec;
import dev.sluice.api.ParamType;
import dev.sluice.api.RunStatus;
import dev.sluice.api.StepStatus;
import dev.sluice.meta.StepRunRow;
import dev.sluice.pipeline.Pipeline;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A check is a gate on a step's metrics, evaluated on every run, also when the step comes from the cache. */
class CachedGateTest {
    @TempDir Path home;
    @TempDir Path dir;
    Workspace ws;

    @BeforeEach
    void open() throws IOException {
        ws = Workspace.open(home);
        Files.writeString(dir.resolve("four.txt"), "a\nb\nc\nd\n");
    }

    @AfterEach
    void close() {
        ws.close();
    }

    /** load → count (gated on its line count by the parameter min_lines) → recount. */
    private Pipeline pipeline(String minLines) {
        return Pipeline.builder("gated").baseDir(dir)
                .param(ParamSpec.of("min_lines", ParamType.INT, 1L))
                .step("load", s -> s.uses("file").with("path", "four.txt"))
                .step("count", s -> s.uses("count").input("in", "load.file").check("lines", ">= ${params.min_lines}"))
                .step("recount", s -> s.uses("count").input("in", "load.file").after("count"))
                .build(Map.of("min_lines", minLines));
    }

    private RunResult run(String minLines) {
        return new LocalExecutor(new RunOptions(2, false, home), ws).run(pipeline(minLines), RunListener.NONE);
    }

    private StepRunRow recorded(RunResult r, String step) {
        return ws.metadata().queries().stepRun(r.runId(), step).orElseThrow();
    }

    /** Reports a warning of its own and the metric {@code score}: a step like {@code expect} with {@code severity: warn}. */
    static final class Warns implements dev.sluice.api.Component {
        public dev.sluice.api.ComponentSpec spec() {
            return dev.sluice.api.ComponentSpec.builder("warns", "1").build();
        }

        public void run(dev.sluice.api.StepContext ctx) {
            ctx.metric("score", 0.5);
            ctx.check(new dev.sluice.api.Check("age.max", false, "<= 120", "150", "1 row fails, e.g. row 3",
                    dev.sluice.api.Check.Severity.WARN));
        }
    }

    @Test
    void aCachedStepKeepsTheChecksItReportedItselfAndEvaluatesItsChecksAgain() {
        Pipeline p = Pipeline.builder("warned").baseDir(dir)
                .step("warn", s -> s.uses(new Warns()).check("score", ">= 0.5"))
                .build();
        LocalExecutor executor = new LocalExecutor(new RunOptions(2, false, home), ws);
        RunResult first = executor.run(p, RunListener.NONE);
        RunResult again = executor.run(p, RunListener.NONE);

        StepResult cached = again.step("warn").orElseThrow();
        assertThat(cached.status()).isEqualTo(StepStatus.CACHED);
        assertThat(cached.checks()).extracting(CheckResult::name).containsExactly("age.max", "score");
        assertThat(cached.checks()).isEqualTo(first.step("warn").orElseThrow().checks());
        assertThat(recorded(again, "warn").checks()).extracting(CheckResult::name).containsExactly("age.max", "score");
    }

    @Test
    void aTightenedThresholdBlocksACachedStepAndItsDependents() {
        RunResult first = run("3");
        assertThat(first.status()).isEqualTo(RunStatus.SUCCEEDED);

        RunResult tightened = run("5");

        assertThat(tightened.status()).isEqualTo(RunStatus.BLOCKED);
        StepResult count = tightened.step("count").orElseThrow();
        assertThat(count.status()).isEqualTo(StepStatus.FAILED);
        assertThat(count.error()).hasValue("check failed: lines >= 5 (observed 4)");
        assertThat(count.checks()).containsExactly(new CheckResult("lines", false, Optional.of(4.0), ">= 5"));
        assertThat(tightened.step("recount").orElseThrow().status()).isEqualTo(StepStatus.BLOCKED);
        StepRunRow row = recorded(tightened, "count");
        assertThat(row.state()).isEqualTo(StepStatus.FAILED);
        assertThat(row.checks()).containsExactly(new CheckResult("lines", false, Optional.of(4.0), ">= 5"));
        assertThat(row.metrics()).containsEntry("lines", 4.0);
        assertThat(row.cacheSource()).as("the metrics came from the cache; the step did not run again")
                .hasValue(Journal.stepRunId(first.runId(), "count", 1));
    }

    @Test
    void aThresholdAtTheObservedValuePassesAndIsRecordedAsThisRunsCheck() {
        run("3");

        RunResult atThreshold = run("4");

        assertThat(atThreshold.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(atThreshold.step("count").orElseThrow().status()).isEqualTo(StepStatus.CACHED);
        assertThat(recorded(atThreshold, "count").checks()).containsExactly(new CheckResult("lines", true, Optional.of(4.0), ">= 4"));
        assertThat(atThreshold.step("recount").orElseThrow().status()).isEqualTo(StepStatus.CACHED);
    }

    @Test
    void aLoosenedThresholdAfterABlockedRunIsACacheHitAgain() {
        RunResult first = run("3");
        run("5");

        RunResult loosened = run("2");

        assertThat(loosened.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(loosened.step("count").orElseThrow().status()).isEqualTo(StepStatus.CACHED);
        assertThat(recorded(loosened, "count").cacheSource()).hasValue(Journal.stepRunId(first.runId(), "count", 1));
        assertThat(recorded(loosened, "count").checks()).containsExactly(new CheckResult("lines", true, Optional.of(4.0), ">= 2"));
    }
}
