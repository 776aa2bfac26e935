/**
 * The HTTP API under {@code /api/v1}: JSON over Helidon SE, one {@link dev.sluice.server.api.Route} per endpoint with
 * its authorization rule, the checks every call passes ({@link dev.sluice.server.api.Guard}), Server-Sent Events for
 * run events, and the OpenAPI 3.1 document checked against the routes by a test.
 */
package dev.sluice.server.api;
