package dev.sluice.server.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/** What a handler answers: JSON, a stream written as it goes (events, a followed log, a zip), or nothing. */
public sealed interface Answer {
    /** A JSON body with a status. */
    record Json(int status, JsonNode body) implements Answer {}

    /** A body written by {@code writer} to the open response, with these headers (Content-Type among them). */
    record Stream(int status, Map<String, String> headers, Writer writer) implements Answer {}

    /** Writes a streamed body; throwing an {@link IOException} means the client went away. */
    @FunctionalInterface
    interface Writer {
        void write(OutputStream out) throws IOException;
    }

    static Answer ok(JsonNode body) {
        return new Json(200, body);
    }

    static Answer created(JsonNode body) {
        return new Json(201, body);
    }

    static Answer accepted(JsonNode body) {
        return new Json(202, body);
    }
}
