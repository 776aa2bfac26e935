package dev.sluice.engine;

import dev.sluice.api.Component;
import dev.sluice.api.StepContext;

import java.util.ArrayList;
import java.util.List;

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
     * Runs the steps of several instances of one step together (a {@code matrix:}'s instances, or the trials of a sweep
     * that does not learn: the executor hands them over as one group when the provider {@link
     * StepEngineProvider#runsGroups runs groups}), each as {@link #run} would run it alone, reporting through its own
     * context. Answers, per step in the order given, null when it succeeded or what it failed with: an instance that fails
     * fails alone. A step whose context says {@link StepContext#cancelled() cancelled} is not reported to (its attempt
     * ended); when every one is, the engine stops the work. This default runs them one by one with {@link #run}.
     */
    default List<Throwable> runGroup(Component component, List<? extends StepContext> steps) {
        List<Throwable> out = new ArrayList<>(steps.size());
        for (StepContext ctx : steps) {
            try {
                if (ctx.cancelled()) {
                    out.add(new InterruptedException("cancelled"));
                    continue;
                }
                run(component, ctx);
                out.add(null);
            } catch (Exception | StackOverflowError e) {
                out.add(e);
            }
        }
        return out;
    }

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
