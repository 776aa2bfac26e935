/**
 * Models served by {@code sluice server} ({@code --serve}, {@code /api/v1/serving}): each one on its own loopback port
 * through the serving module's {@code ModelServer} with its predictions logged, a drift check on its own interval,
 * drifting reports handed to the {@code RetrainTrigger} policy whose retraining runs go through the server's run queue,
 * and the served version swapped when the alias moves. {@link dev.sluice.server.serving.DriftAlarmListener} lets other
 * parts of the server hear of drift alarms.
 */
package dev.sluice.server.serving;
