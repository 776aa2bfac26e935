/**
 * Who may do what: API tokens (random, shown once, stored as a hash) with roles viewer, operator and admin, the
 * first admin token of a new server, and the {@code Host}/{@code Origin} allowlists every request passes.
 */
package dev.sluice.server.auth;
