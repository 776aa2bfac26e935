package dev.sluice.exec;

/**
 * A component whose steps spend a noticeable part of a short run compiling their own code: the JIT compiles a
 * loop only after running it slowly for a while, which on a 5,000-row table is most of the step. The executor calls
 * {@link #warmUp()} once per process, on a background thread, when a run that uses the component starts, so that
 * the code is compiled while the run's earlier steps (loading data, checks) are busy elsewhere.
 *
 * <pre>{@code
 * final class MyTrainer implements Component, WarmsUp {
 *     public void warmUp() { fit(smallMadeUpTable()); }   // same code path, results thrown away
 * }
 * }</pre>
 */
public interface WarmsUp {
    /**
     * Runs the component's hot code on a small made-up input and throws the result away. It must not touch the
     * workspace, the store or the registry, must finish in well under a second, and may fail: what it throws is
     * logged at debug level and ignored.
     */
    void warmUp();
}
