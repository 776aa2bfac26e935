package dev.sluice.ml.data;

import dev.sluice.api.PipelineException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The first bytes of the file a {@code csv} step reads, taken after checking that it is a file both readers can
 * read twice (the executor digests it for the cache key, then it is parsed) and that it is text. Refused, with a
 * message that names the file and never quotes it: a missing file, a folder, anything that is not a regular file
 * (a named pipe, a device, a socket: a stream cannot be digested and read again), a file that reports no size but
 * has content (a {@code /proc} or {@code /sys} file), an empty file, UTF-16 or UTF-32 text, and a NUL byte among
 * the first {@value #SIZE} bytes (a binary file). Immutable.
 *
 * @param bytes    up to {@value #SIZE} bytes from the start of the file
 * @param complete whether {@code bytes} is the whole file
 */
record CsvHead(byte[] bytes, boolean complete) {
    static final int SIZE = 64 * 1024;

    /** Checks {@code file} ({@code shown} is how the pipeline names it) and reads its head. */
    static CsvHead read(Path file, String shown) {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new PipelineException("csv: file '" + shown + "' does not exist (looked for " + file
                    + "); paths are relative to the pipeline folder");
        } catch (IOException e) {
            throw new PipelineException("csv: cannot read '" + shown + "': " + e.getClass().getSimpleName());
        }
        if (attrs.isDirectory()) throw new PipelineException("csv: '" + shown + "' is a folder; name a CSV file");
        if (!attrs.isRegularFile()) {
            throw new PipelineException("csv: '" + shown + "' is not a regular file (a named pipe, a device or a socket)."
                    + " A csv step reads its file twice (to digest it for the cache, then to parse it), which a stream"
                    + " does not allow: save it to a file first");
        }
        CsvHead head = head(file, shown);
        if (attrs.size() == 0 && head.bytes.length > 0) {
            throw new PipelineException("csv: '" + shown + "' reports a size of 0 bytes but has content (a /proc or /sys"
                    + " file?), so it cannot be digested for the cache: copy it to a regular file first");
        }
        if (head.bytes.length == 0) throw new PipelineException("csv: '" + shown + "' is empty; a CSV file needs at least a header line");
        head.checkText(shown);
        return head;
    }

    private static CsvHead head(Path file, String shown) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(SIZE);
            return new CsvHead(bytes, bytes.length < SIZE || in.read() < 0);
        } catch (IOException e) {
            throw new PipelineException("csv: cannot read '" + shown + "': " + e.getClass().getSimpleName());
        }
    }

    private void checkText(String shown) {
        if (startsWith(0xFF, 0xFE) || startsWith(0xFE, 0xFF) || startsWith(0x00, 0x00, 0xFE, 0xFF)) {
            throw new PipelineException("csv: '" + shown + "' is UTF-16 or UTF-32 text (it starts with a byte order mark);"
                    + " save it as UTF-8");
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw new PipelineException("csv: " + shown + ":" + lineOf(i) + ": byte " + i + " is a NUL byte: this is"
                        + " not a text file (a CSV file is UTF-8 text)");
            }
        }
    }

    private boolean startsWith(int... prefix) {
        if (bytes.length < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) if ((bytes[i] & 0xFF) != prefix[i]) return false;
        return true;
    }

    /** The 1-based line of byte {@code offset} of the head. */
    long lineOf(int offset) {
        long line = 1;
        for (int i = 0; i < offset; i++) if (bytes[i] == '\n') line++;
        return line;
    }
}
