/**
 * {@code sluice server}: the team's always-on pipeline service. {@link dev.sluice.server.SluiceServer} wires the
 * pipeline registry ({@code catalog}), the run queue ({@code queue}), run events ({@code events}), tokens and roles
 * ({@code auth}), the audit log ({@code audit}) and the HTTP API ({@code api}); {@code client} is the API's Java
 * client, used by the CLI's {@code --server} mode.
 */
package dev.sluice.server;
