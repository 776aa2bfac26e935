/**
 * Runs a validated {@link dev.sluice.pipeline.Pipeline}: event-driven readiness, a bounded worker
 * pool, command steps as child processes, retries, timeouts, gates and cancellation, and typed
 * {@link dev.sluice.exec.RunEvent}s for listeners.
 */
package dev.sluice.exec;
