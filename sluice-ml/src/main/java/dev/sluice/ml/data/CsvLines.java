package dev.sluice.ml.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Line numbers of byte offsets in a file, as a text editor counts them: the line of offset {@code b} is one plus the
 * line breaks before it, so a quoted field with line breaks moves the lines after it. Both readers report lines this
 * way (DuckDB's own {@code line} counts rows). Stateless.
 */
final class CsvLines {
    private CsvLines() {
    }

    /** The 1-based line of each 0-based {@code offsets[i]} (any order), read in one pass over {@code file}. */
    static long[] of(Path file, long[] offsets) throws IOException {
        Integer[] order = new Integer[offsets.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Long.compare(offsets[a], offsets[b]));
        long[] lines = new long[offsets.length];
        byte[] chunk = new byte[1 << 16];
        long position = 0;
        long line = 1;
        int next = 0;
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while (next < order.length && (n = in.read(chunk)) > 0) {
                for (int i = 0; i < n && next < order.length; i++, position++) {
                    while (next < order.length && offsets[order[next]] == position) lines[order[next++]] = line;
                    if (chunk[i] == '\n') line++;
                }
            }
        }
        while (next < order.length) lines[order[next++]] = line;   // offsets at or past the end
        return lines;
    }
}
