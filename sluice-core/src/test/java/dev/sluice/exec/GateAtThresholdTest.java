package dev.sluice.exec;

import dev.sluice.api.RunStatus;
import dev.sluice.api.StepStatus;
import dev.sluice.pipeline.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gate whose metric sits exactly at its threshold, end to end: {@code >=} and {@code <=} let it through, {@code >}
 * and {@code <} block what depends on it. The file has exactly three lines, so {@code count} reports {@code lines: 3}.
 */
class GateAtThresholdTest {
    @TempDir
    Path dir;

    private RunResult run(String check) throws IOException {
        Files.writeString(dir.resolve("three.txt"), "one\ntwo\nthree\n");
        Pipeline p = Pipeline.builder("gate").baseDir(dir)
                .step("load", s -> s.uses("file").with("path", "three.txt"))
                .step("count", s -> s.uses("count").input("in", "load.file").check("lines", check))
                .step("after", s -> s.uses("concat").input("parts", "load.file").after("count"))
                .build();
        return new LocalExecutor(RunOptions.defaults(dir.resolve("home"))).run(p, RunListener.NONE);
    }

    @Test
    void atOrAboveTheThresholdPasses() throws IOException {
        RunResult r = run(">= 3");
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.step("count").orElseThrow().metrics()).containsEntry("lines", 3.0);
        assertThat(r.step("count").orElseThrow().checks()).singleElement()
                .satisfies(c -> assertThat(c.passed()).isTrue());
        assertThat(r.step("after").orElseThrow().status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(run("<= 3").status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run("== 3").status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void strictlyAboveTheThresholdBlocksWhatDependsOnIt() throws IOException {
        RunResult r = run("> 3");
        assertThat(r.status()).isEqualTo(RunStatus.BLOCKED);
        assertThat(r.step("count").orElseThrow().error()).contains("check failed: lines > 3 (observed 3)");
        assertThat(r.step("after").orElseThrow().status()).isEqualTo(StepStatus.BLOCKED);
        assertThat(run("< 3").status()).isEqualTo(RunStatus.BLOCKED);
        assertThat(run("!= 3").status()).isEqualTo(RunStatus.BLOCKED);
    }
}
