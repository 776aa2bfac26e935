/**
 * The web UI that {@code sluice server} serves at {@code /}: sign-in with an API token (a server-side session named by
 * an HttpOnly, SameSite=Strict cookie, with a CSRF token for state-changing calls), the page shells, and the
 * browser code and libraries as static files. Every page reads and changes things only through the JSON API under
 * {@code /api/v1}, which authorizes and audits each call exactly as for any other client. ARCHITECTURE.md says why.
 */
package dev.sluice.server.ui;
