package dev.sluice.exec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One line of a command's output as it arrives, in bytes, keeping at most a bound of it and counting the rest, so
 * that a line of any length costs bounded memory. A cut line ends on a whole UTF-8 character. Not thread-safe: one
 * per stream reader.
 */
final class LineCutter {
    private final int max;
    private byte[] bytes = new byte[256];
    private int kept;
    private long length;

    LineCutter(int max) {
        this.max = max;
    }

    void add(byte[] b, int off, int len) {
        length += len;
        int take = Math.min(len, max - kept);
        if (take <= 0) return;
        if (kept + take > bytes.length) bytes = Arrays.copyOf(bytes, Math.min(max, Math.max(kept + take, bytes.length * 2)));
        System.arraycopy(b, off, bytes, kept, take);
        kept += take;
    }

    /** The bytes the line had in all (without its newline). */
    long length() {
        return length;
    }

    /** True when the line was longer than the bound. */
    boolean cut() {
        return length > kept;
    }

    /** How many bytes of a cut line are kept: the bound, less a partial UTF-8 character at its end. */
    int kept() {
        return cut() ? whole() : kept;
    }

    /** The line as text (a trailing carriage return dropped; a cut line ends on a whole character). */
    String text() {
        int end = cut() ? whole() : kept;
        if (!cut() && end > 0 && bytes[end - 1] == '\r') end--;
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    /** The kept length without a trailing partial UTF-8 sequence. */
    private int whole() {
        int end = kept;
        int back = 0;
        while (back < 4 && end - back - 1 >= 0 && (bytes[end - back - 1] & 0xC0) == 0x80) back++;
        if (end - back - 1 >= 0) {
            int lead = bytes[end - back - 1] & 0xFF;
            int need = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
            if (need > back) return end - back - 1; // the last character is incomplete: drop its bytes
        }
        return end;
    }

    void reset() {
        kept = 0;
        length = 0;
        if (bytes.length > 64 * 1024) bytes = new byte[256]; // do not hold a long line's buffer for good
    }
}
