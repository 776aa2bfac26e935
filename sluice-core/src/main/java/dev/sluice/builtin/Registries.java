package dev.sluice.builtin;

import dev.sluice.api.ModelRegistry;
import dev.sluice.api.PipelineException;
import dev.sluice.api.StepContext;

/** The model registry of a step's run, for the built-ins that write to it. */
final class Registries {
    private Registries() {}

    /** The registry, or an error saying that step {@code doing} needs a run that keeps records. */
    static ModelRegistry require(StepContext ctx, String doing) {
        return ctx.models().orElseThrow(() -> new PipelineException("step '" + ctx.stepName() + "' " + doing
                + ", but this run keeps no records: run it with `sluice run` or give the LocalExecutor a Workspace"));
    }
}
