package dev.sluice.server.api;

import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;

import java.util.Optional;

/**
 * What the HTTP server serves beside the API (the web UI's pages and assets), and how a browser's sign-in session
 * stands in for the {@code Authorization} header on API calls. The API's {@link Guard} asks for the session token
 * only when a request carries no {@code Authorization} header; everything else (the token's validity, the route's
 * role, the {@code Origin} check, the audit log) stays the API's. Implementations are thread-safe.
 */
public interface WebFront {
    /** A server without pages: API calls need the {@code Authorization} header. */
    WebFront NONE = new WebFront() {
        @Override
        public void routing(HttpRouting.Builder routing) {}

        @Override
        public Optional<String> sessionToken(ServerRequest request, boolean changesState) {
            return Optional.empty();
        }
    };

    /** Adds the front's routes; they are registered after the API's and before its catch-all 404. */
    void routing(HttpRouting.Builder routing);

    /**
     * The API token of the sign-in session the request's cookie names, if any. For a state-changing call the request
     * must also carry that session's CSRF token, else this throws an {@link ApiError} 403 {@code csrf}.
     */
    Optional<String> sessionToken(ServerRequest request, boolean changesState);
}
