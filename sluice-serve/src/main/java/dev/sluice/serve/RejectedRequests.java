package dev.sluice.serve;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderValues;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;

import java.util.function.Function;

/**
 * Answers the requests Helidon refuses before they reach a route (a malformed request line or header, a
 * Content-Length over the body limit, ...) as the server's own refusals are answered: a JSON error, counted in
 * {@code sluice_serve_requests_total}. Helidon closes the connection after these. Thread-safe.
 */
final class RejectedRequests implements DirectHandler {
    private final ServeMetrics metrics;
    private final Function<String, String> modelOfPath;

    /** {@code modelOfPath} names the served model a request path is for ({@code ""} when none). */
    RejectedRequests(ServeMetrics metrics, Function<String, String> modelOfPath) {
        this.metrics = metrics;
        this.modelOfPath = modelOfPath;
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType type, Status status, ServerResponseHeaders headers,
                                    String message) {
        int code = status.code();
        String error = switch (code) {
            case 413 -> RequestBody.TOO_LARGE;
            case 400 -> "malformed HTTP request" + (message == null || message.isBlank() ? "" : ": " + message);
            default -> status.reasonPhrase() + (message == null || message.isBlank() ? "" : ": " + message);
        };
        String path = request.path();
        metrics.refused(modelOfPath.apply(path == null ? "" : path), code);
        headers.set(HeaderValues.CONTENT_TYPE_JSON);
        return TransportResponse.builder().status(status).headers(headers).keepAlive(false)
                .entity(PredictEndpoint.error(error)).build();
    }
}
