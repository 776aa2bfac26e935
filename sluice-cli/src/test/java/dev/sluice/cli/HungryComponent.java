package dev.sluice.cli;

import dev.sluice.api.Component;
import dev.sluice.api.ComponentSpec;
import dev.sluice.api.PortKind;
import dev.sluice.api.StepContext;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes its input and a line {@code fed} to its output, but first, while {@code hungry.flag} exists in the pipeline's folder, keeps
 * allocating until the heap is exhausted (for out-of-memory tests in a child JVM with a small {@code -Xmx}).
 * Public with a no-argument constructor so a pipeline can name it in {@code uses:}.
 */
public final class HungryComponent implements Component {
    @Override
    public ComponentSpec spec() {
        return ComponentSpec.builder("hungry", "1").input("in", PortKind.FILE).output("out", PortKind.FILE).build();
    }

    @Override
    public void run(StepContext ctx) throws Exception {
        if (Files.exists(ctx.resolve("hungry.flag"))) {
            List<long[]> eaten = new ArrayList<>();
            while (true) eaten.add(new long[1 << 17]); // 1 MiB at a time, never released
        }
        Files.writeString(ctx.outputFile("out", "out.txt"), Files.readString(ctx.input("in")) + "fed\n");
    }
}
