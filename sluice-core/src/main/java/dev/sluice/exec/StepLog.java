package dev.sluice.exec;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A step's {@code log.txt}, opened on the first line written (a step that logs nothing has no file) and
 * appended to across attempts; each line reaches the file when written (no fsync), so the log can be followed live.
 * Keeps the last few lines for error messages. Thread-safe: a command's stdout
 * and stderr readers and a Java step's own threads may write concurrently; lines are never interleaved.
 */
final class StepLog implements AutoCloseable {
    private static final int TAIL = 5;
    private final Path file;
    private final Deque<String> tail = new ArrayDeque<>();
    private BufferedWriter out;
    private boolean broken;
    private boolean closed;
    private boolean opened;

    StepLog(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    synchronized void line(String text) {
        if (tail.size() == TAIL) tail.removeFirst();
        tail.addLast(text);
        if (broken || closed) return;
        try {
            if (out == null) {
                StepFolder.ensure(file.getParent());
                out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
                opened = true;
            }
            out.write(text);
            out.newLine();
            out.flush(); // readers follow the log live (sluice server's log endpoint): a line is visible once written
        } catch (IOException | RuntimeException e) {
            broken = true; // a full disk must not fail the step a second time; the step's own error says more
        }
    }

    /** The last lines written, joined by {@code " | "}, each cut to 200 characters. */
    synchronized String tail() {
        return String.join(" | ", tail.stream().map(s -> s.length() > 200 ? s.substring(0, 200) + "..." : s).toList());
    }

    /** True once a line was written (the file exists). */
    synchronized boolean opened() {
        return opened;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (out == null) return;
        try {
            out.close();
        } catch (IOException ignored) {
            // nothing left to do: the lines written so far are on disk or lost with the disk
        }
        out = null;
    }
}
