package dev.sluice.engine;

import dev.sluice.api.Component;
import dev.sluice.api.StepContext;

/**
 * An open engine that does the work of a step instead of the local JVM: it reads the step's inputs and writes its
 * outputs, metrics and checks through the same {@link StepContext} a component gets, so what the executor records does
 * not depend on where the work ran. Implementations are thread-safe: steps of one run call it from several workers.
 *
 * <pre>{@code
 * StepEngine spark = Engines.open(new EngineSettings("spark", Optional.of("local[2]")));
 * spark.run(sqlComponent, ctx);   // the query runs as a Spark job over the store's Parquet
 * }</pre>
 */
public interface StepEngine {
    /** The name in {@code engine:} and {@code --engine}. */
    String name();

    /** Where it runs, for the step log ({@code spark local[2]}). */
    String describe();

    /**
     * Runs the step of {@code component} (one of its provider's {@link StepEngineProvider#components()}) as that
     * component's {@link Component#run} would, with the same parameters, outputs, metrics and checks.
     */
    void run(Component component, StepContext ctx) throws Exception;

    /**
     * Runs a command step's process (a step with this engine in its own {@code engine:}, when the provider's components
     * include {@code run}) and answers its exit code; see {@link CommandWork} for the files contract. Interrupting the
     * calling thread stops the process.
     *
     * @throws UnsupportedOperationException when this engine does not run command steps
     */
    default int runCommand(CommandWork work) throws Exception {
        throw new UnsupportedOperationException("engine " + name() + " does not run command steps");
    }
}
