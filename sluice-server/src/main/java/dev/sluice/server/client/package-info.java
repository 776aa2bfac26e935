/**
 * A Java client of the server's API: JSON calls with a token, a run's event stream that reconnects without missing
 * events, and the metadata queries and model registry through the API, which let the CLI's {@code --server} mode
 * print what it prints for a local workspace.
 */
package dev.sluice.server.client;
