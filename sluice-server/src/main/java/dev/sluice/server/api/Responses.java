package dev.sluice.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Writes answers: JSON with {@code Cache-Control: no-store}, streams, and JSON errors. Stateless. */
final class Responses {
    private Responses() {}

    /** Sends an answer; returns its status. */
    static int send(ServerResponse res, Answer answer) {
        return switch (answer) {
            case Answer.Json j -> {
                json(res, j.status(), j.body());
                yield j.status();
            }
            case Answer.Stream s -> {
                stream(res, s);
                yield s.status();
            }
        };
    }

    static void json(ServerResponse res, int status, Object body) {
        byte[] bytes;
        try {
            bytes = Call.JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.header("X-Content-Type-Options", "nosniff");
        res.send(bytes);
    }

    static void error(ServerResponse res, ApiError e) {
        ObjectNode body = Call.JSON.createObjectNode();
        body.put("error", e.code());
        body.put("detail", e.getMessage());
        for (Map.Entry<String, Object> x : e.extra().entrySet()) body.set(x.getKey(), Call.JSON.valueToTree(x.getValue()));
        if (e.status() == 401) res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"sluice\"");
        json(res, e.status(), body);
    }

    private static void stream(ServerResponse res, Answer.Stream s) {
        res.status(Status.create(s.status()));
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.header("X-Content-Type-Options", "nosniff");
        s.headers().forEach(res::header);
        try (OutputStream out = res.outputStream()) {
            s.writer().write(out);
        } catch (IOException | UncheckedIOException | io.helidon.webserver.ServerConnectionException e) {
            // the client went away: nothing more to send
        }
    }

    /** UTF-8 bytes of a text. */
    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
