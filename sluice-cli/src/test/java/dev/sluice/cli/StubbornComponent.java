package dev.sluice.cli;

import dev.sluice.api.Component;
import dev.sluice.api.ComponentSpec;
import dev.sluice.api.StepContext;

import java.nio.file.Files;

/**
 * A step that ignores cancellation: it runs while {@code stubborn.flag} exists in the pipeline's folder, swallowing
 * interrupts, so a cancelled run cannot end and only a second Ctrl-C stops the process. Public with a no-argument
 * constructor so a pipeline can name it in {@code uses:}.
 */
public final class StubbornComponent implements Component {
    @Override
    public ComponentSpec spec() {
        return ComponentSpec.builder("stubborn", "1").build();
    }

    @Override
    public void run(StepContext ctx) {
        while (Files.exists(ctx.resolve("stubborn.flag"))) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException ignored) {
                // stubborn on purpose
            }
        }
    }
}
