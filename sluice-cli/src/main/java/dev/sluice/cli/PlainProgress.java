package dev.sluice.cli;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * Progress for logs and pipes: one line per state change, e.g. {@code   load  succeeded  0.12s}.
 * Not thread-safe: driven by one renderer thread.
 */
final class PlainProgress implements ProgressView {
    private final ProgressBoard board;
    private final PrintWriter out;
    private final int width;

    PlainProgress(ProgressBoard board, PrintWriter out) {
        this.board = board;
        this.out = out;
        this.width = Math.min(48, board.steps().stream().mapToInt(String::length).max().orElse(4));
    }

    @Override
    public void tick() {
        boolean printed = false;
        for (ProgressBoard.StepView s = board.nextChange(); s != null; s = board.nextChange()) {
            out.println(line(s, width));
            printed = true;
        }
        if (printed) out.flush();
    }

    @Override
    public void finish() {
        tick();
    }

    static String line(ProgressBoard.StepView s, int width) {
        StringBuilder sb = new StringBuilder("  ").append(pad(s.name(), width)).append("  ").append(pad(s.status().label(), 9));
        if (s.status().isFinal() && !s.duration().equals(Duration.ZERO)) sb.append("  ").append(Elapsed.format(s.duration()));
        if (!s.note().isEmpty()) sb.append("  ").append(s.note());
        return sb.toString().stripTrailing();
    }

    static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
