package dev.sluice.builtin;

import dev.sluice.api.ComponentSpec;
import dev.sluice.api.ParamSpec;
import dev.sluice.api.ParamType;
import dev.sluice.api.PortKind;
import dev.sluice.api.PortSpec;
import dev.sluice.api.StepContext;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes {@code text} followed by the content of every file wired to {@code parts} (in wiring
 * order) into the output {@code out}. It is also the in-process step of orchestration benchmarks,
 * so it does nothing beyond that. Stateless and thread-safe.
 *
 * <pre>{@code
 * steps:
 *   summary:
 *     uses: concat
 *     inputs: {parts: profile[*].report}
 *     with: {text: "# iris profile\n"}
 * }</pre>
 */
public final class ConcatComponent extends BuiltinComponent {
    static final ComponentSpec SPEC = ComponentSpec.builder("concat", "1")
            .description("Writes 'text' followed by every file of 'parts' into 'out'.")
            .input(new PortSpec("parts", PortKind.FILE, true, true, "files appended after the text, in order"))
            .param(ParamSpec.of("text", ParamType.STRING, "").withDoc("text written before the parts"))
            .output("out", PortKind.FILE, "the text, then every part")
            .noMetrics()
            .build();

    public ConcatComponent() {
        super(SPEC);
    }

    /** Outputs up to this size are handed over as bytes ({@link StepContext#outputBytes}); bigger ones are written. */
    static final int IN_MEMORY = 1 << 20;

    @Override
    public void run(StepContext ctx) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        buf.writeBytes(ctx.stringParam("text").getBytes(StandardCharsets.UTF_8));
        List<Path> parts = ctx.inputs("parts");
        for (int i = 0; i < parts.size(); i++) {
            try (InputStream in = Files.newInputStream(parts.get(i))) {
                if (buf.size() <= IN_MEMORY) buf.writeBytes(in.readNBytes(IN_MEMORY + 1 - buf.size()));
                if (buf.size() > IN_MEMORY) { // too big for memory: the rest goes straight to the file
                    try (OutputStream out = Files.newOutputStream(ctx.outputFile("out", "out.txt"))) {
                        buf.writeTo(out);
                        in.transferTo(out);
                        for (Path rest : parts.subList(i + 1, parts.size())) Files.copy(rest, out);
                    }
                    return;
                }
            }
        }
        ctx.outputBytes("out", "out.txt", buf.toByteArray());
    }
}
