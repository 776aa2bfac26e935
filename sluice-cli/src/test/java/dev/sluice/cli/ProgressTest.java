package dev.sluice.cli;

import dev.sluice.api.CheckResult;
import dev.sluice.api.RunStatus;
import dev.sluice.api.StepStatus;
import dev.sluice.exec.RunEvent;
import dev.sluice.exec.RunResult;
import dev.sluice.exec.StepResult;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Progress lines and summaries, fed with events and results made by hand. */
class ProgressTest {
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    @Test
    void plainProgressPrintsOneLinePerStateChange() {
        ProgressBoard board = new ProgressBoard(List.of("load", "train"));
        StringWriter text = new StringWriter();
        PlainProgress view = new PlainProgress(board, new PrintWriter(text));
        board.onEvent(new RunEvent.StepStarted("r1", T0, "load", 1));
        board.onEvent(new RunEvent.StepSucceeded("r1", T0, "load", Duration.ofMillis(120)));
        board.onEvent(new RunEvent.StepBlocked("r1", T0, "train", "load"));
        view.finish();
        assertThat(text.toString()).isEqualTo("""
                  load   running
                  load   succeeded  0.12s
                  train  blocked    by load
                """);
    }

    @Test
    void liveProgressShowsEveryStepWhenThereAreFew() {
        ProgressBoard board = new ProgressBoard(List.of("load", "train"));
        board.onEvent(new RunEvent.StepStarted("r1", T0, "load", 1));
        LiveProgress view = new LiveProgress(board, new PrintWriter(new StringWriter()), false, true, 100);
        List<String> lines = view.render(board.snapshot(), T0.plusMillis(1500));
        assertThat(lines).containsExactly("  ▶ load   running    1.50s", "  · train  pending");
    }

    @Test
    void liveProgressSummarisesManySteps() {
        List<String> names = IntStream.range(0, 40).mapToObj(i -> "s" + i).toList();
        ProgressBoard board = new ProgressBoard(names);
        for (int i = 0; i < 10; i++) {
            board.onEvent(new RunEvent.StepStarted("r1", T0, "s" + i, 1));
            board.onEvent(new RunEvent.StepSucceeded("r1", T0, "s" + i, Duration.ofMillis(10)));
        }
        board.onEvent(new RunEvent.StepStarted("r1", T0, "s10", 1));
        board.onEvent(new RunEvent.StepFailed("r1", T0, "s11", Duration.ofMillis(5), "boom"));
        List<String> lines = new LiveProgress(board, new PrintWriter(new StringWriter()), false, false, 100)
                .render(board.snapshot(), T0);
        assertThat(lines).hasSize(7);
        assertThat(lines.getFirst()).startsWith("  + s6 ");
        assertThat(lines.get(4)).startsWith("  x s11").endsWith("boom");
        assertThat(lines.get(5)).startsWith("  > s10");
        assertThat(lines.getLast()).isEqualTo("  40 steps: 1 running, 10 succeeded, 1 failed, 0 blocked, 0 skipped, 28 pending");
    }

    @Test
    void liveProgressRedrawsInPlace() {
        ProgressBoard board = new ProgressBoard(List.of("a"));
        StringWriter text = new StringWriter();
        LiveProgress view = new LiveProgress(board, new PrintWriter(text), false, false, 100);
        view.tick();
        view.tick();
        assertThat(text.toString()).isEqualTo("\r\u001b[2K  . a  pending\n\u001b[1A\r\u001b[2K  . a  pending\n");
    }

    @Test
    void textSummaryNamesFailedStepsTheirChecksAndLogs() {
        StringWriter text = new StringWriter();
        RunReport.printText(result(), new PrintWriter(text));
        assertThat(text.toString()).isEqualTo("""

                step count failed: check lines failed
                  check lines = 3, expected >= 4
                  log: /runs/r1/count/log.txt
                blocked (not run): publish
                run folder: /runs/r1
                run r1 blocked in 1.50s (1 succeeded, 1 failed, 1 blocked)
                """);
    }

    @Test
    void jsonSummaryHasOneEntryPerStep() {
        String json = RunReport.json(result()).toString();
        assertThat(json).startsWith("{\"run_id\":\"r1\",\"pipeline\":\"gate\",\"status\":\"blocked\",\"duration_ms\":1500,")
                .contains("{\"name\":\"load\",\"status\":\"succeeded\",\"duration_ms\":20,\"attempts\":1,"
                        + "\"outputs\":{\"file\":\"/runs/r1/load/words.txt\"},\"metrics\":{},\"checks\":[]}")
                .contains("\"checks\":[{\"name\":\"lines\",\"passed\":false,\"observed\":3.0,\"expected\":\">= 4\","
                        + "\"observed_text\":null,\"details\":null,\"severity\":\"error\"}]")
                .contains("\"status\":\"blocked\"");
        assertThat(RunReport.exitCode(result())).isEqualTo(1);
    }

    private static RunResult result() {
        List<StepResult> steps = new ArrayList<>();
        steps.add(new StepResult("load", StepStatus.SUCCEEDED, Optional.of(T0), Duration.ofMillis(20), 1,
                Map.of("file", Path.of("/runs/r1/load/words.txt")), Map.of(), List.of(), Optional.empty(), Optional.empty()));
        steps.add(new StepResult("count", StepStatus.FAILED, Optional.of(T0), Duration.ofMillis(30), 1,
                Map.of(), Map.of("lines", 3.0), List.of(new CheckResult("lines", false, Optional.of(3.0), ">= 4")),
                Optional.of("check lines failed"), Optional.of(Path.of("/runs/r1/count/log.txt"))));
        steps.add(new StepResult("publish", StepStatus.BLOCKED, Optional.empty(), Duration.ZERO, 0,
                Map.of(), Map.of(), List.of(), Optional.of("blocked by count"), Optional.empty()));
        return new RunResult("r1", "gate", RunStatus.BLOCKED, Duration.ofMillis(1500), steps, Path.of("/runs/r1"));
    }
}
