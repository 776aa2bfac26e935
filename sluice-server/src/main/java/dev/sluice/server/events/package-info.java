/**
 * Run events for clients: the executor's typed events as JSON, numbered per run, kept in the database and, for runs
 * running here, in memory; streamed as Server-Sent Events with replay from {@code Last-Event-ID}.
 */
package dev.sluice.server.events;
