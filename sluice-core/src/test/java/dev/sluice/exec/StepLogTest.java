package dev.sluice.exec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StepLogTest {
    @TempDir Path dir;

    @Test
    void aJavaStepsOverlongLineIsCutAndSaysItsLength() throws IOException {
        Path file = dir.resolve("log.txt");
        try (StepLog log = new StepLog(file)) {
            log.line("y".repeat(2 * StepLog.MAX_LINE_CHARS));
            log.line("next");
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines.getFirst()).hasSize(StepLog.MAX_LINE_CHARS + " [line cut: 2097152 characters in all]".length())
                .endsWith("y [line cut: 2097152 characters in all]");
        assertThat(lines.get(1)).isEqualTo("next");
    }

    @Test
    void aLogPastASmallBoundKeepsHeadAndNewestLinesWithTheDropInBetween() throws IOException {
        Path file = dir.resolve("log.txt");
        try (StepLog log = new StepLog(file, 400)) { // head 200 bytes, tail files of 100 bytes
            for (int i = 0; i < 100; i++) log.line(String.format("line %03d", i)); // 9 bytes with the newline
        }
        assertThat(Files.readAllLines(file)).containsExactly(
                "line 000", "line 001", "line 002", "line 003", "line 004", "line 005", "line 006", "line 007", "line 008",
                "line 009", "line 010", "line 011", "line 012", "line 013", "line 014", "line 015", "line 016", "line 017",
                "line 018", "line 019", "line 020", "line 021",
                "[... 594 bytes in 66 lines dropped here: a step's log keeps its first 200 bytes and its last 100 bytes"
                        + " to 200 bytes ...]",
                "line 088", "line 089", "line 090", "line 091", "line 092", "line 093", "line 094", "line 095", "line 096",
                "line 097", "line 098", "line 099");
        assertThat(dir.resolve("log.txt.tail0")).doesNotExist();
        assertThat(dir.resolve("log.txt.tail1")).doesNotExist();
    }

    @Test
    void aLogJustPastItsHeadKeepsEverythingWithoutADropLine() throws IOException {
        Path file = dir.resolve("log.txt");
        try (StepLog log = new StepLog(file, 400)) {
            for (int i = 0; i < 30; i++) log.line(String.format("line %03d", i));
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(30);
        assertThat(lines.getLast()).isEqualTo("line 029");
    }

    @Test
    void aCommandLineIsCutOnAWholeCharacterAndItsLengthCounted() {
        LineCutter line = new LineCutter(5);
        byte[] bytes = "aaaaé and more".getBytes(StandardCharsets.UTF_8);
        line.add(bytes, 0, 3);
        line.add(bytes, 3, bytes.length - 3);

        assertThat(line.cut()).isTrue();
        assertThat(line.text()).isEqualTo("aaaa");
        assertThat(line.kept()).isEqualTo(4);
        assertThat(line.length()).isEqualTo(bytes.length);
    }

    @Test
    void aShortLineLosesOnlyItsCarriageReturn() {
        LineCutter line = new LineCutter(100);
        byte[] bytes = "{\"auc\": 0.9}\r".getBytes(StandardCharsets.UTF_8);
        line.add(bytes, 0, bytes.length);

        assertThat(line.cut()).isFalse();
        assertThat(line.text()).isEqualTo("{\"auc\": 0.9}");
    }
}
