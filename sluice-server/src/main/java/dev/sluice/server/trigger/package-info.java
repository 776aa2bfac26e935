/**
 * The triggers of pipeline files ({@code triggers:}) inside {@code sluice server}: signed webhook deliveries
 * ({@link dev.sluice.server.trigger.WebhookSignature}, {@link dev.sluice.server.trigger.RateLimit}), files landing
 * in watched folders ({@link dev.sluice.server.trigger.DataWatcher}) and upstream runs that ended
 * ({@link dev.sluice.server.trigger.UpstreamFollower}). Each queues its run through
 * {@link dev.sluice.server.trigger.TriggeredRuns}, once per cause (a unique row of migration 004), with the cause
 * recorded in {@code run_triggers}. {@link dev.sluice.server.trigger.TriggerStates} holds which triggers an operator
 * paused.
 */
package dev.sluice.server.trigger;
