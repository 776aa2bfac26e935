package dev.sluice.builtin;

import dev.sluice.api.ComponentSpec;
import dev.sluice.api.ParamSpec;
import dev.sluice.api.ParamType;
import dev.sluice.api.PortKind;
import dev.sluice.api.PortSpec;
import dev.sluice.api.StepContext;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

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

    @Override
    public void run(StepContext ctx) throws IOException {
        String text = ctx.stringParam("text");
        Path target = ctx.outputFile("out", "out.txt");
        try (OutputStream out = Files.newOutputStream(target)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            for (Path part : ctx.inputs("parts")) {
                Files.copy(part, out);
            }
        }
    }
}
