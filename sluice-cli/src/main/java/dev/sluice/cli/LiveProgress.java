package dev.sluice.cli;

import dev.sluice.api.StepStatus;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Progress on an interactive terminal: one status line per step, redrawn in place (cursor up,
 * clear line). With many steps it shows the running ones, the last few finished and a counts line.
 * Not thread-safe: driven by one renderer thread.
 */
final class LiveProgress implements ProgressView {
    static final int FULL_LIST_LIMIT = 25;
    static final int RECENT_FINISHED = 5;
    private static final String CLEAR_LINE = "\r\u001b[2K";

    private final ProgressBoard board;
    private final PrintWriter out;
    private final boolean colour;
    private final boolean unicode;
    private final int columns;
    private final int width;
    private int drawn;

    LiveProgress(ProgressBoard board, PrintWriter out, boolean colour, boolean unicode, int columns) {
        this.board = board;
        this.out = out;
        this.colour = colour;
        this.unicode = unicode;
        this.columns = Math.max(40, columns);
        this.width = Math.min(40, board.steps().stream().mapToInt(String::length).max().orElse(4));
    }

    @Override
    public void tick() {
        redraw(render(board.snapshot(), Instant.now()));
    }

    @Override
    public void finish() {
        tick();
    }

    private void redraw(List<String> lines) {
        StringBuilder sb = new StringBuilder();
        if (drawn > 0) sb.append("\u001b[").append(drawn).append('A');
        for (String line : lines) sb.append(CLEAR_LINE).append(line).append('\n');
        for (int i = lines.size(); i < drawn; i++) sb.append(CLEAR_LINE).append('\n');
        int extra = Math.max(0, drawn - lines.size());
        if (extra > 0) sb.append("\u001b[").append(extra).append('A');
        out.print(sb);
        out.flush();
        drawn = lines.size();
    }

    /** The lines to show now. */
    List<String> render(List<ProgressBoard.StepView> states, Instant now) {
        if (states.size() <= FULL_LIST_LIMIT) {
            return states.stream().map(s -> line(s, now)).toList();
        }
        List<String> lines = new ArrayList<>();
        states.stream().filter(s -> s.status().isFinal())
                .sorted(Comparator.comparingLong(ProgressBoard.StepView::order).reversed())
                .limit(RECENT_FINISHED)
                .sorted(Comparator.comparingLong(ProgressBoard.StepView::order))
                .forEach(s -> lines.add(line(s, now)));
        states.stream().filter(s -> s.status() == StepStatus.RUNNING || s.status() == StepStatus.WAITING)
                .forEach(s -> lines.add(line(s, now)));
        lines.add(counts(states));
        return lines;
    }

    private String line(ProgressBoard.StepView s, Instant now) {
        String time = s.status() == StepStatus.PENDING || (s.status().isFinal() && s.elapsed(now).isZero())
                ? "" : Elapsed.format(s.elapsed(now));
        String text = "  " + (unicode ? symbol(s.status()) : asciiSymbol(s.status())) + " " + PlainProgress.pad(s.name(), width) + "  "
                + PlainProgress.pad(s.status().label(), 9) + "  " + PlainProgress.pad(time, 7)
                + (s.note().isEmpty() ? "" : "  " + s.note());
        text = text.stripTrailing();
        int visible = columns - 1;
        if (text.length() > visible) text = text.substring(0, visible - 1) + (unicode ? "…" : ">");
        return colour ? paint(s.status(), text) : text;
    }

    private String counts(List<ProgressBoard.StepView> states) {
        Map<StepStatus, Integer> n = new EnumMap<>(StepStatus.class);
        for (ProgressBoard.StepView s : states) n.merge(s.status(), 1, Integer::sum);
        return "  " + states.size() + " steps: " + n.getOrDefault(StepStatus.RUNNING, 0) + " running, "
                + (n.getOrDefault(StepStatus.SUCCEEDED, 0) + n.getOrDefault(StepStatus.CACHED, 0)) + " succeeded, "
                + n.getOrDefault(StepStatus.FAILED, 0) + " failed, " + n.getOrDefault(StepStatus.BLOCKED, 0) + " blocked, "
                + (n.containsKey(StepStatus.WAITING) ? n.get(StepStatus.WAITING) + " waiting, " : "")
                + n.getOrDefault(StepStatus.SKIPPED, 0) + " skipped, " + n.getOrDefault(StepStatus.PENDING, 0) + " pending";
    }

    static String symbol(StepStatus status) {
        return switch (status) {
            case PENDING -> "·";
            case RUNNING -> "▶";
            case SUCCEEDED -> "✓";
            case CACHED -> "↺";
            case FAILED -> "✗";
            case SKIPPED -> "–";
            case BLOCKED -> "⊘";
            case CANCELLED -> "■";
            case WAITING -> "⏸";
        };
    }

    static String asciiSymbol(StepStatus status) {
        return switch (status) {
            case PENDING -> ".";
            case RUNNING -> ">";
            case SUCCEEDED -> "+";
            case CACHED -> "=";
            case FAILED -> "x";
            case SKIPPED -> "-";
            case BLOCKED -> "!";
            case CANCELLED -> "#";
            case WAITING -> "?";
        };
    }

    private static String paint(StepStatus status, String text) {
        String code = switch (status) {
            case PENDING, SKIPPED -> "2";
            case RUNNING -> "36";
            case SUCCEEDED -> "32";
            case CACHED -> "34";
            case FAILED -> "31";
            case BLOCKED, CANCELLED -> "33";
            case WAITING -> "35";
        };
        return "\u001b[" + code + "m" + text + "\u001b[0m";
    }
}
