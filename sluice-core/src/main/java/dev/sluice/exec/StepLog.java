package dev.sluice.exec;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * A step's {@code log.txt}, opened on the first line written (a step that logs nothing has no file) and appended to
 * across attempts; each line reaches the file when written (no fsync), so the log can be followed live while it is
 * in its first half. Keeps the last few lines for error messages. Thread-safe: a command's stdout and stderr readers
 * and a Java step's own threads may write concurrently; lines are never interleaved.
 *
 * <p>Bounded: a line longer than {@link #MAX_LINE_CHARS} is cut (and says so), and the file holds at most
 * {@code maxBytes} ({@link #MAX_LOG_BYTES} by default): its first half is written as it comes, then the newest lines
 * rotate through two tail files beside it ({@code log.txt.tail0}, {@code .tail1}, each a quarter of the bound); on
 * {@link #close} they are appended after a line saying how many bytes and lines were dropped between head and tail.
 * When the disk is full the log gives its space back: it is cut to its first {@link #KEEP_ON_FULL_DISK} bytes, and
 * {@link #failure} says why (the step then fails).
 */
final class StepLog implements AutoCloseable {
    /** Longer lines are cut; a command's reader never holds more than this of one line (in bytes). */
    static final int MAX_LINE_CHARS = 1 << 20;
    /** The most a step's log keeps: its head and its tail. */
    static final long MAX_LOG_BYTES = 64L << 20;
    /** What is kept of a log that filled the disk. */
    static final long KEEP_ON_FULL_DISK = 64 * 1024;
    /** Room past the bound for the note on a line cut by a command's reader. */
    private static final int NOTE_ROOM = 256;
    private static final int TAIL_LINES = 5;
    private static final int TAIL_LINE_CHARS = 200;

    private final Path file;
    private final long headMax;
    private final long segmentMax;
    private final Deque<String> tail = new ArrayDeque<>();
    private final Path[] segments;
    private OutputStream out;
    private long written;       // bytes in log.txt
    private int segment = -1;   // the tail file being written, -1 while the head is
    private final long[] segmentBytes = new long[2];
    private final long[] segmentLines = new long[2];
    private long droppedBytes;
    private long droppedLines;
    private IOException broken;
    private boolean closed;
    private boolean opened;

    StepLog(Path file) {
        this(file, MAX_LOG_BYTES);
    }

    StepLog(Path file, long maxBytes) {
        this.file = file;
        this.headMax = maxBytes / 2;
        this.segmentMax = maxBytes / 4;
        this.segments = new Path[] {file.resolveSibling(file.getFileName() + ".tail0"),
                file.resolveSibling(file.getFileName() + ".tail1")};
    }

    Path file() {
        return file;
    }

    synchronized void line(String text) {
        String line = text.length() > MAX_LINE_CHARS + NOTE_ROOM ? cut(text) : text;
        if (tail.size() == TAIL_LINES) tail.removeFirst();
        tail.addLast(line.length() > TAIL_LINE_CHARS ? line.substring(0, TAIL_LINE_CHARS) + "..." : line);
        if (broken != null || closed) return;
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            write(bytes);
        } catch (IOException e) {
            fail(e);
        } catch (RuntimeException e) {
            fail(new IOException(e.getMessage(), e));
        }
    }

    private static String cut(String text) {
        return text.substring(0, MAX_LINE_CHARS) + " [line cut: " + text.length() + " characters in all]";
    }

    private void write(byte[] bytes) throws IOException {
        if (out == null && segment < 0) {
            StepFolder.ensure(file.getParent());
            out = open(file, true);
            written = Files.size(file); // an earlier attempt's lines count towards the bound
            opened = true;
        }
        if (segment < 0 && written + bytes.length > headMax && written > 0) {
            out.close();
            segment = 0;
            out = open(segments[0], false);
        }
        if (segment < 0) {
            written += bytes.length;
        } else if (segmentBytes[segment] > 0 && segmentBytes[segment] + bytes.length > segmentMax) {
            out.close();
            segment = 1 - segment;           // the older tail file is dropped and reused
            droppedBytes += segmentBytes[segment];
            droppedLines += segmentLines[segment];
            segmentBytes[segment] = 0;
            segmentLines[segment] = 0;
            out = open(segments[segment], false);
        }
        out.write(bytes);
        out.flush(); // readers follow the log live (sluice server's log endpoint): a line is visible once written
        if (segment >= 0) {
            segmentBytes[segment] += bytes.length;
            segmentLines[segment]++;
        }
    }

    private static OutputStream open(Path p, boolean append) throws IOException {
        return new BufferedOutputStream(Files.newOutputStream(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING), 64 * 1024);
    }

    /** Stops writing; a full disk gets the log's space back but its first {@link #KEEP_ON_FULL_DISK} bytes. */
    private void fail(IOException e) {
        broken = e;
        closeQuietly();
        if (!StepErrors.mentionsNoSpace(String.valueOf(e.getMessage()))) return;
        try {
            for (Path s : segments) Files.deleteIfExists(s);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                if (ch.size() > KEEP_ON_FULL_DISK) ch.truncate(KEEP_ON_FULL_DISK);
            }
            Files.writeString(file, "\n[log cut here: no space left on device]\n", StandardOpenOption.APPEND);
        } catch (IOException | RuntimeException again) {
            // nothing more to give back
        }
    }

    private void closeQuietly() {
        if (out == null) return;
        try {
            out.close();
        } catch (IOException ignored) {
            // the failure that brought us here is what the step reports
        }
        out = null;
    }

    /** The last lines written, joined by {@code " | "}, each cut to 200 characters. */
    synchronized String tail() {
        return String.join(" | ", tail);
    }

    /** Why lines could not be written to the file (a full disk), if that happened. */
    synchronized Optional<IOException> failure() {
        return Optional.ofNullable(broken);
    }

    /** True once a line was written (the file exists). */
    synchronized boolean opened() {
        return opened;
    }

    /** Ends the log: flushes it and, when it went past its head, appends its tail after what was dropped. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        if (out == null) return;
        try {
            out.close();
            out = null;
            if (segment >= 0) appendTail();
        } catch (IOException e) {
            if (broken == null) fail(e); // the last buffered lines did not reach the disk
        } finally {
            closeQuietly();
        }
    }

    /** {@code 32 MiB}, {@code 16 KiB}, {@code 100 bytes}. */
    static String size(long bytes) {
        if (bytes >= (1 << 20) && bytes % (1 << 20) == 0) return bytes / (1 << 20) + " MiB";
        if (bytes >= 1024 && bytes % 1024 == 0) return bytes / 1024 + " KiB";
        return bytes + " bytes";
    }

    private void appendTail() throws IOException {
        try (OutputStream o = open(file, true)) {
            if (droppedBytes > 0) {
                o.write(("[... " + droppedBytes + " bytes in " + droppedLines + " lines dropped here: a step's log keeps"
                        + " its first " + size(headMax) + " and its last " + size(segmentMax) + " to " + size(2 * segmentMax)
                        + " ...]\n").getBytes(StandardCharsets.UTF_8));
            }
            int older = 1 - segment;
            for (int s : new int[] {older, segment}) {
                if (segmentBytes[s] > 0) Files.copy(segments[s], o);
            }
        }
        for (Path s : segments) Files.deleteIfExists(s);
    }
}
