package dev.sluice.server.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A client of a {@code sluice server}'s API: JSON calls with the token, and a run's event stream that reconnects
 * with {@code Last-Event-ID} when the connection drops, so no event is missed. Used by the CLI's {@code --server}
 * mode. Thread-safe.
 *
 * <pre>{@code
 * ServerClient c = new ServerClient(URI.create("http://127.0.0.1:8600"), token);
 * String run = c.post("/api/v1/runs", Map.of("pipeline", "churn")).path("run_id").asText();
 * c.events(run, 0, e -> { System.out.println(e); return false; });
 * }</pre>
 */
public final class ServerClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final int RECONNECTS = 20;

    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** An answer that was not a success: its status and the server's {@code error} and {@code detail}. */
    public static final class ApiException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final String code;
        private final transient JsonNode body;

        ApiException(int status, String code, String detail, JsonNode body) {
            super(detail);
            this.status = status;
            this.code = code;
            this.body = body;
        }

        public int status() {
            return status;
        }

        public String code() {
            return code;
        }

        public JsonNode body() {
            return body;
        }
    }

    public ServerClient(URI base, String token) {
        String b = Objects.requireNonNull(base, "base").toString();
        this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
        this.token = Objects.requireNonNull(token, "token");
    }

    /** Where the server is, for messages. */
    public URI base() {
        return base;
    }

    /** A path segment, percent-encoded (step names such as {@code gbdt[eta=0.1]}). */
    public static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public JsonNode get(String path) {
        return send(request(path).GET());
    }

    public JsonNode post(String path, Object body) {
        try {
            return send(request(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body == null ? "{}" : JSON.writeValueAsString(body))));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write the request body as JSON: " + e.getMessage(), e);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofMinutes(2)).header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
    }

    private JsonNode send(HttpRequest.Builder request) {
        HttpResponse<String> r;
        try {
            r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + base, e);
        }
        JsonNode body = parse(r.body());
        if (r.statusCode() >= 400) {
            throw new ApiException(r.statusCode(), body.path("error").asText("http_" + r.statusCode()),
                    body.path("detail").asText(r.body()), body);
        }
        return body;
    }

    private UnreachableException unreachable(IOException e) {
        String why = e instanceof ConnectException ? "nothing answers there" : e.toString();
        return new UnreachableException("cannot reach the server at " + base + " (" + why + "); check the URL and that"
                + " sluice server is running", e);
    }

    /** The server could not be reached at all. */
    public static final class UnreachableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnreachableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static JsonNode parse(String text) {
        try {
            return text == null || text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
        } catch (IOException e) {
            return JSON.createObjectNode().put("detail", text);
        }
    }

    /**
     * Follows a run's events after {@code afterId}, handing each one (its JSON) to {@code handler}, until the handler
     * returns true or {@code run_finished} arrives; a dropped connection is resumed after the last event received.
     * Returns the id of the last event handled.
     */
    public long events(String runId, long afterId, Predicate<JsonNode> handler) {
        long last = afterId;
        for (int attempt = 0; ; attempt++) {
            HttpRequest r = HttpRequest.newBuilder(base.resolve("/api/v1/runs/" + segment(runId) + "/events"))
                    .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream")
                    .header("Last-Event-ID", Long.toString(last)).build();
            try {
                HttpResponse<java.io.InputStream> resp = http.send(r, HttpResponse.BodyHandlers.ofInputStream());
                if (resp.statusCode() != 200) {
                    JsonNode body = parse(new String(resp.body().readAllBytes(), StandardCharsets.UTF_8));
                    throw new ApiException(resp.statusCode(), body.path("error").asText(), body.path("detail").asText(), body);
                }
                Stream s = read(resp, last, handler);
                last = s.last();
                if (s.done()) return last;
            } catch (IOException e) {
                if (attempt >= RECONNECTS) throw unreachable(e);
                pause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return last;
            }
        }
    }

    private record Stream(long last, boolean done) {}

    private static Stream read(HttpResponse<java.io.InputStream> resp, long after, Predicate<JsonNode> handler) throws IOException {
        long last = after;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
            String data = null;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("data:")) data = line.substring(5).strip();
                if (!line.isEmpty() || data == null) continue;
                JsonNode event = parse(data);
                data = null;
                last = event.path("id").asLong(last);
                boolean stop = handler.test(event);
                if (stop || "run_finished".equals(event.path("type").asText())) return new Stream(last, true);
            }
        }
        return new Stream(last, false);
    }

    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
