/**
 * Runs a validated {@link dev.sluice.pipeline.Pipeline}: event-driven readiness, a bounded worker
 * pool, command steps as child processes, retries, timeouts, gates and cancellation, and typed
 * {@link dev.sluice.exec.RunEvent}s for listeners.
 *
 * <p>Entry point: {@link dev.sluice.exec.LocalExecutor}. A run writes under {@code <home>/runs/<runId>/}:
 * <pre>
 * runs/20261127-041502-3fa2/
 *   steps/&lt;step folder&gt;/        created only when the step writes something; matrix names are sanitized,
 *     log.txt                     e.g. gbdt[eta=0.1] -&gt; gbdt_eta=0.1_
 *     work/                       command steps: the working folder, with inputs/&lt;name&gt;/ and outputs/&lt;name&gt;/
 *     outputs/&lt;name&gt;/            Java steps: ctx.outputFile / ctx.outputDir
 * </pre>
 * Everything else in this package is package-private.
 */
package dev.sluice.exec;
