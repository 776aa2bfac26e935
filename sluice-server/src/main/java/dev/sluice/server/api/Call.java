package dev.sluice.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.server.auth.Caller;
import io.helidon.webserver.http.ServerRequest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One call as a handler sees it: path and query parameters, the body (read at most {@code maxBody} bytes), the
 * caller, and what the audit log should say about it ({@link #audit}). Not thread-safe (one per request).
 */
public final class Call {
    static final ObjectMapper JSON = new ObjectMapper();

    private final ServerRequest request;
    private final Caller caller;
    private final long maxBody;
    private String target = "";
    private String detail = "";

    Call(ServerRequest request, Caller caller, long maxBody) {
        this.request = request;
        this.caller = caller;
        this.maxBody = maxBody;
    }

    public Caller caller() {
        return caller;
    }

    ServerRequest request() {
        return request;
    }

    /** A path parameter of the route ({@code {id}}), decoded. */
    public String path(String name) {
        return request.path().pathParameters().get(name);
    }

    /** A query parameter, if given and not blank. */
    public Optional<String> query(String name) {
        return request.query().first(name).asOptional().filter(v -> !v.isBlank());
    }

    /** A whole-number query parameter within bounds, or {@code fallback}; a 400 when it is not a number in range. */
    public int queryInt(String name, int fallback, int min, int max) {
        Optional<String> v = query(name);
        if (v.isEmpty()) return fallback;
        try {
            int n = Integer.parseInt(v.get().strip());
            if (n < min || n > max) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("query parameter " + name + "=" + v.get() + " must be a whole number from " + min
                    + " to " + max);
        }
    }

    /** A request header. */
    public Optional<String> header(String name) {
        return request.headers().first(io.helidon.http.HeaderNames.create(name));
    }

    /** The body as UTF-8 text; a 413 when larger than the limit. */
    public String text() {
        if (!request.content().hasEntity()) return "";
        try (InputStream in = request.content().inputStream()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBody + 1));
            if (bytes.length > maxBody) {
                throw new ApiError(413, "too_large", "the request body is larger than " + maxBody + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ApiError.badRequest("could not read the request body: " + e.getMessage());
        }
    }

    /** The body's bytes as sent (a webhook's signature covers them); a 413 when larger than the limit. */
    public byte[] bytes() {
        if (!request.content().hasEntity()) return new byte[0];
        try (InputStream in = request.content().inputStream()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBody + 1));
            if (bytes.length > maxBody) {
                throw new ApiError(413, "too_large", "the request body is larger than " + maxBody + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw ApiError.badRequest("could not read the request body: " + e.getMessage());
        }
    }

    /** The body as a JSON object ({@code {}} when empty); a 400 naming the problem when it is not one. */
    public ObjectNode json() {
        String text = text();
        if (text.isBlank()) return JSON.createObjectNode();
        try {
            JsonNode n = JSON.readTree(text);
            if (n instanceof ObjectNode o) return o;
            throw ApiError.badRequest("the request body must be a JSON object, got " + n.getNodeType().name().toLowerCase());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ApiError.badRequest("the request body is not valid JSON: " + e.getOriginalMessage() + " (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
    }

    /** What the audit log records as the target of this call and one line about what happened. */
    public void audit(String target, String detail) {
        this.target = target == null ? "" : target;
        this.detail = detail == null ? "" : detail;
    }

    String auditTarget() {
        return target;
    }

    String auditDetail() {
        return detail;
    }
}
