package dev.sluice.api;

/**
 * The work of one pipeline step. Implementations read inputs and parameters from the context,
 * write their outputs through it and return normally; throwing fails the step (it may be retried).
 *
 * <p>A step must be safe to run concurrently with other steps; one instance may run several
 * times (matrix instances, retries), so keep per-run state in local variables.
 *
 * <pre>{@code
 * Step upper = ctx -> Files.writeString(ctx.outputFile("out", "upper.txt"),
 *         Files.readString(ctx.input("in")).toUpperCase());
 * }</pre>
 */
@FunctionalInterface
public interface Step {
    void run(StepContext ctx) throws Exception;
}
