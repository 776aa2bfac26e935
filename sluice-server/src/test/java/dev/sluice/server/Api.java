package dev.sluice.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** A real HTTP client for the server's API in tests: JSON in and out, a token, extra headers. */
final class Api {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;

    Api(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** An answer: status, headers and the body as text (and as JSON when it is JSON). */
    record Reply(int status, Map<String, List<String>> headers, String text) {
        JsonNode json() {
            try {
                return JSON.readTree(text);
            } catch (IOException e) {
                throw new AssertionError("not JSON (status " + status + "): " + text, e);
            }
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(e -> e.getValue().getFirst()).orElse(null);
        }
    }

    Reply get(String path, String token) {
        return send("GET", path, token, null, Map.of());
    }

    Reply post(String path, String token, Object body) {
        return send("POST", path, token, body, Map.of());
    }

    Reply delete(String path, String token) {
        return send("DELETE", path, token, null, Map.of());
    }

    Reply send(String method, String path, String token, Object body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (token != null) b.header("Authorization", "Bearer " + token);
        headers.forEach(b::header);
        String text;
        try {
            text = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (text != null) b.header("Content-Type", "application/json");
        b.method(method, text == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text));
        try {
            HttpResponse<java.io.InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (java.io.InputStream in = r.body()) {
                // an event stream goes on while the server runs: its status and headers are the answer
                boolean stream = r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream");
                String answer = stream ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
                return new Reply(r.statusCode(), r.headers().map(), answer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The bytes of an answer (downloads). */
    HttpResponse<byte[]> bytes(String path, String token) {
        HttpRequest r = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token).build();
        try {
            return http.send(r, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One Server-Sent Event. */
    record Event(long id, String type, JsonNode data) {}

    /**
     * Reads a run's event stream until an event matches {@code stop} (inclusive) or the stream ends; with
     * {@code lastEventId} the stream resumes after it.
     */
    List<Event> events(String runId, String token, Long lastEventId, Predicate<Event> stop) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/api/v1/runs/" + runId + "/events"))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream");
        if (lastEventId != null) b.header("Last-Event-ID", Long.toString(lastEventId));
        List<Event> out = new ArrayList<>();
        try {
            HttpResponse<java.io.InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() != 200) throw new AssertionError("events answered " + r.statusCode() + ": "
                    + new String(r.body().readAllBytes(), StandardCharsets.UTF_8));
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                Map<String, String> fields = new LinkedHashMap<>();
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.isEmpty()) {
                        if (fields.containsKey("data")) {
                            Event e = new Event(Long.parseLong(fields.get("id")), fields.get("event"), JSON.readTree(fields.get("data")));
                            out.add(e);
                            if (stop.test(e)) return out;
                        }
                        fields.clear();
                    } else if (!line.startsWith(":")) {
                        int colon = line.indexOf(':');
                        fields.put(line.substring(0, colon), line.substring(colon + 1).stripLeading());
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Events until {@code run_finished}. */
    List<Event> eventsToEnd(String runId, String token) {
        return events(runId, token, null, e -> e.type().equals("run_finished"));
    }
}
