package dev.sluice.builtin;

import dev.sluice.api.ComponentSpec;
import dev.sluice.api.PortKind;
import dev.sluice.api.StepContext;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Counts the lines, words and bytes of the file wired to {@code in}, like {@code wc}. Records them
 * as metrics {@code lines}, {@code words} and {@code bytes} (so {@code checks:} can gate on them)
 * and writes them to the output {@code out} as a JSON object. A last line without a newline counts
 * as a line; words are runs of non-whitespace bytes. Stateless and thread-safe.
 *
 * <pre>{@code
 * steps:
 *   count:
 *     uses: count
 *     inputs: {in: summary.out}
 *     checks: {lines: ">= 4"}
 * }</pre>
 */
public final class CountComponent extends BuiltinComponent {
    static final ComponentSpec SPEC = ComponentSpec.builder("count", "1")
            .description("Counts lines, words and bytes of 'in'; metrics lines, words, bytes.")
            .input("in", PortKind.FILE, "the file to count")
            .output("out", PortKind.METRICS, "{\"lines\", \"words\", \"bytes\"} as JSON")
            .metric("lines", "lines, a last line without a newline included")
            .metric("words", "runs of non-whitespace bytes")
            .metric("bytes", "the file's size in bytes")
            .build();

    public CountComponent() {
        super(SPEC);
    }

    @Override
    public void run(StepContext ctx) throws IOException {
        Counts c = count(ctx.input("in"));
        ctx.metric("lines", c.lines());
        ctx.metric("words", c.words());
        ctx.metric("bytes", c.bytes());
        String json = "{\"lines\": " + c.lines() + ", \"words\": " + c.words() + ", \"bytes\": " + c.bytes() + "}\n";
        Files.writeString(ctx.outputFile("out", "count.json"), json, StandardCharsets.UTF_8);
    }

    /** Lines, words and bytes of a file. */
    record Counts(long lines, long words, long bytes) {}

    static Counts count(Path file) throws IOException {
        long lines = 0;
        long words = 0;
        long bytes = 0;
        boolean inWord = false;
        int last = '\n';
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                for (int i = 0; i < n; i++) {
                    int b = buffer[i] & 0xff;
                    if (b == '\n') lines++;
                    boolean space = b == ' ' || b == '\n' || b == '\t' || b == '\r' || b == '\f' || b == 0x0b;
                    if (!space && !inWord) words++;
                    inWord = !space;
                    last = b;
                }
                bytes += n;
            }
        }
        if (last != '\n') lines++;
        return new Counts(lines, words, bytes);
    }
}
