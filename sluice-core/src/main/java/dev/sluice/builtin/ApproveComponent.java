package dev.sluice.builtin;

import dev.sluice.api.ComponentSpec;
import dev.sluice.api.PipelineException;
import dev.sluice.api.PortKind;
import dev.sluice.api.StepContext;

/**
 * A person in the loop: when its turn comes the step waits (status {@code waiting}, holding no worker slot) until
 * someone approves or rejects it ({@code sluice approve RUN STEP [--reject]}, or the server's API). Approved, it
 * succeeds and outputs the decision; rejected, it fails with the reason, so what depends on it is blocked. The step's
 * {@code timeout:} rejects it when no one decided in time. Decisions are kept in the workspace database, so it needs a
 * recorded run. Stateless and thread-safe.
 *
 * <p>The executor runs it itself ({@code dev.sluice.exec}): {@link #run} is never called in a run.
 *
 * <pre>{@code
 * approve: {uses: approve, after: [canary], when: "${params.require_approval}", timeout: 24h}
 * promote: {uses: promote, inputs: {version: register.version}, after: [approve]}
 * }</pre>
 */
public final class ApproveComponent extends UncachedBuiltin {
    static final ComponentSpec SPEC = ComponentSpec.builder("approve", "1")
            .description("Waits for a person to approve or reject the run (sluice approve RUN STEP); timeout: rejects it.")
            .output("decision", PortKind.VALUE, "{decision, by, at, comment} of the approval")
            .noMetrics()
            .build();

    public ApproveComponent() {
        super(SPEC);
    }

    @Override
    public void run(StepContext ctx) {
        throw new PipelineException("step '" + ctx.stepName() + "': an approve step is run by Sluice's executor, which waits"
                + " for a decision; it cannot be called as a plain component");
    }
}
