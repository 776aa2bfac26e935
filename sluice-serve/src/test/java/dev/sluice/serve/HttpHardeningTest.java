package dev.sluice.serve;

import dev.sluice.exec.Workspace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP layer as an attacker or a broken client meets it, over raw sockets against a real server: the body limit
 * in both framings, requests hidden in a refused body, broken chunking, clients that go away mid-body, and the checks
 * that keep web pages out (Host, Origin, Content-Type).
 */
class HttpHardeningTest {
    static final int LIMIT = 16 << 20;
    static final String SMUGGLED = "GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

    @TempDir
    static Path home;
    static Workspace ws;
    static ModelServer server;
    static Http http;
    static String host;
    static final AtomicInteger recorded = new AtomicInteger();

    @BeforeAll
    static void start() {
        ws = Workspace.open(home);
        Training.train(ws, Training.data("telco-500.csv"), "SELECT * EXCLUDE (customerID) FROM data", "Churn", "logistic",
                "churn", "champion", Map.of());
        server = ModelServer.start(ServeOptions.defaults().withPort(0).withSink((m, v, row, out, t) -> recorded.incrementAndGet()),
                ws.metadata().models(), ws.store(), List.of(ModelRef.parse("churn")));
        http = new Http(server.port());
        host = "127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
        if (ws != null) ws.close();
    }

    private static RawHttp.Exchange exchange(String... parts) {
        try (RawHttp c = new RawHttp(server.port())) {
            for (String p : parts) c.send(p);
            c.finishSending();
            return c.readAll();
        }
    }

    private static String predictHead(String... headers) {
        return RawHttp.head("POST", "/v1/models/churn/predict", host, headers);
    }

    /** {@code sluice_serve_requests_total{model="churn",status=S}} now. */
    static long answered(int status) {
        Matcher m = Pattern.compile("sluice_serve_requests_total\\{model=\"churn\",status=\"" + status + "\"} (\\d+)")
                .matcher(http.get("/metrics").body());
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** A valid one-row body padded with spaces to exactly {@code size} bytes. */
    static String padded(int size) {
        String row = ModelServerTest.ROW.replace("\n", " ");
        return row + " ".repeat(size - row.getBytes(StandardCharsets.UTF_8).length);
    }

    static String chunked(String body, int chunk) {
        StringBuilder b = new StringBuilder(body.length() + body.length() / chunk * 12 + 16);
        for (int at = 0; at < body.length(); at += chunk) {
            String piece = body.substring(at, Math.min(body.length(), at + chunk));
            b.append(Integer.toHexString(piece.length())).append("\r\n").append(piece).append("\r\n");
        }
        return b.append("0\r\n\r\n").toString();
    }

    @Test
    void aChunkedBodyOverTheLimitGets413AndARequestHiddenBehindItIsNeverAnswered() {
        long before = answered(413);
        // exactly the limit in 16 chunks, then one more chunk that holds a whole request
        String head = predictHead("Content-Type: application/json", "Transfer-Encoding: chunked");
        String limit = chunked(" ".repeat(LIMIT), 1 << 20);
        String over = Integer.toHexString(SMUGGLED.length()) + "\r\n" + SMUGGLED + "\r\n0\r\n\r\n" + SMUGGLED;
        RawHttp.Exchange x = exchange(head, limit.substring(0, limit.length() - 5), over);

        assertThat(x.responses()).extracting(RawHttp.Response::status).containsExactly(413);
        assertThat(x.responses().getFirst().json().get("error").asText()).isEqualTo(
                "the request body is larger than 16 MB (16777216 bytes); send fewer rows per request");
        assertThat(x.closed()).as("the server closes the connection after a refused body").isTrue();
        assertThat(answered(413)).isEqualTo(before + 1);
    }

    @Test
    void aContentLengthOverTheLimitGets413AndTheBodyIsNeverParsedAsRequests() {
        long before = answered(413);
        RawHttp.Exchange x = exchange(predictHead("Content-Type: application/json", "Content-Length: " + (LIMIT + 1)),
                SMUGGLED + SMUGGLED);
        assertThat(x.responses()).extracting(RawHttp.Response::status).containsExactly(413);
        assertThat(x.responses().getFirst().json().get("error").asText()).isEqualTo(
                "the request body is larger than 16 MB (16777216 bytes); send fewer rows per request");
        assertThat(x.closed()).isTrue();
        assertThat(answered(413)).isEqualTo(before + 1);
    }

    @Test
    void aBodyOfExactlyTheLimitIsAnsweredInBothFramingsAndTheConnectionStaysInStep() {
        String body = padded(LIMIT);
        RawHttp.Exchange x = exchange(
                predictHead("Content-Type: application/json", "Content-Length: " + LIMIT), body,
                predictHead("Content-Type: application/json", "Transfer-Encoding: chunked"), chunked(body, 1 << 20),
                RawHttp.head("GET", "/health", host));
        assertThat(x.responses()).extracting(RawHttp.Response::status).containsExactly(200, 200, 200);
        assertThat(x.responses().get(0).json().get("label").asText()).isIn("No", "Yes");
        assertThat(x.responses().get(1).body()).isEqualTo(x.responses().get(0).body());
        assertThat(x.responses().get(2).json().get("status").asText()).isEqualTo("up");
    }

    @Test
    void aBadChunkSizeGets400CountedAndTheConnectionCloses() {
        long before = answered(400);
        RawHttp.Exchange x = exchange(predictHead("Content-Type: application/json", "Transfer-Encoding: chunked"),
                "ZZ\r\n{\"a\": 1}\r\n0\r\n\r\n" + SMUGGLED);
        assertThat(x.responses()).extracting(RawHttp.Response::status).containsExactly(400);
        assertThat(x.responses().getFirst().json().get("error").asText()).isEqualTo(
                "the request body is not valid chunked transfer encoding (a chunk size or a chunk's end is malformed);"
                        + " send a well-formed body, or one with a Content-Length");
        assertThat(x.closed()).isTrue();
        assertThat(answered(400)).isEqualTo(before + 1);
        assertThat(http.get("/metrics").body()).doesNotContainPattern("status=\"500\"");
    }

    @Test
    void clientsThatGoAwayMidBodyAreNotAnsweredAndTheServerKeepsServing() {
        int before = recorded.get();
        for (int i = 0; i < 20; i++) {
            try (RawHttp c = new RawHttp(server.port())) {
                c.send(i % 2 == 0
                        ? predictHead("Content-Type: application/json", "Content-Length: 1000") + "{\"tenure\":"
                        : predictHead("Content-Type: application/json", "Transfer-Encoding: chunked") + "100\r\n{\"tenure\":");
                c.finishSending();
                RawHttp.Exchange x = c.readAll();
                assertThat(x.responses()).isEmpty();
                assertThat(x.closed()).isTrue();
            }
        }
        assertThat(recorded.get()).isEqualTo(before);
        assertThat(http.post("/v1/models/churn/predict", ModelServerTest.ROW).status()).isEqualTo(200);
        assertThat(http.get("/metrics").body()).doesNotContainPattern("status=\"500\"");
    }

    @Test
    void aHostTheServerDoesNotKnowGets421AndNothingIsScoredOrListed() {
        int before = recorded.get();
        RawHttp.Exchange list = exchange(RawHttp.head("GET", "/v1/models", "evil.com"));
        assertThat(list.responses()).extracting(RawHttp.Response::status).containsExactly(421);
        assertThat(list.responses().getFirst().json().get("error").asText()).isEqualTo("Host 'evil.com' is not a name of"
                + " this server (it answers to 127.0.0.1:" + server.port() + ", localhost:" + server.port() + ", [::1]:"
                + server.port() + "): a web page may be trying to reach it through DNS rebinding. If clients do use that"
                + " name (a proxy, a DNS name), start sluice serve with --allow-host evil.com");
        assertThat(list.responses().getFirst().body()).doesNotContain("churn");

        RawHttp.Exchange predict = exchange(RawHttp.head("POST", "/v1/models/churn/predict", "evil.com:" + server.port(),
                "Content-Type: application/json", "Content-Length: " + ModelServerTest.ROW.length()), ModelServerTest.ROW);
        assertThat(predict.responses()).extracting(RawHttp.Response::status).containsExactly(421);
        assertThat(exchange(RawHttp.head("GET", "/v1/models", "127.0.0.1:1")).responses().getFirst().status()).isEqualTo(421);
        assertThat(exchange(RawHttp.head("GET", "/v1/models", null)).responses().getFirst().status()).isEqualTo(400);
        assertThat(recorded.get()).isEqualTo(before);
    }

    @Test
    void theLoopbackNamesWithThePortAreAnswered() {
        for (String name : List.of("127.0.0.1", "localhost", "[::1]", "LocalHost")) {
            RawHttp.Exchange x = exchange(RawHttp.head("GET", "/v1/models", name + ":" + server.port()));
            assertThat(x.responses()).as(name).extracting(RawHttp.Response::status).containsExactly(200);
        }
    }

    @Test
    void aPostFromAWebPageOfAnotherOriginGets403() {
        int before = recorded.get();
        String length = "Content-Length: " + ModelServerTest.ROW.length();
        RawHttp.Exchange evil = exchange(predictHead("Content-Type: application/json", length, "Origin: http://evil.com"),
                ModelServerTest.ROW);
        assertThat(evil.responses()).extracting(RawHttp.Response::status).containsExactly(403);
        assertThat(evil.responses().getFirst().json().get("error").asText()).isEqualTo("a web page of origin"
                + " 'http://evil.com' may not call this server; call it from a program (no Origin header), or start sluice"
                + " serve with --allow-host for the page's host");
        assertThat(exchange(predictHead("Content-Type: application/json", length, "Origin: null"), ModelServerTest.ROW)
                .responses().getFirst().status()).isEqualTo(403);
        assertThat(recorded.get()).isEqualTo(before);

        RawHttp.Exchange same = exchange(predictHead("Content-Type: application/json", length,
                "Origin: http://localhost:" + server.port()), ModelServerTest.ROW);
        assertThat(same.responses()).extracting(RawHttp.Response::status).containsExactly(200);
        // reading is not a state change: a GET with a foreign Origin but the right Host is answered
        assertThat(exchange(RawHttp.head("GET", "/health", host, "Origin: http://evil.com")).responses().getFirst().status())
                .isEqualTo(200);
    }

    @Test
    void aBodyThatIsNotJsonGets415AndIsNotScored() {
        int before = recorded.get();
        long refused = answered(415);
        for (String type : new String[] {"Content-Type: text/plain", "Content-Type: application/x-www-form-urlencoded",
                "Content-Type: multipart/form-data; boundary=x", "Content-Type: application/jsonx", null}) {
            String[] headers = type == null ? new String[] {"Content-Length: " + ModelServerTest.ROW.length()}
                    : new String[] {type, "Content-Length: " + ModelServerTest.ROW.length()};
            RawHttp.Exchange x = exchange(predictHead(headers), ModelServerTest.ROW);
            assertThat(x.responses()).as(type).extracting(RawHttp.Response::status).containsExactly(415);
        }
        assertThat(exchange(predictHead("Content-Type: text/plain", "Content-Length: " + ModelServerTest.ROW.length()),
                ModelServerTest.ROW).responses().getFirst().json().get("error").asText())
                .isEqualTo("the request body must be JSON: send it with Content-Type: application/json (got 'text/plain';"
                        + " with curl: -H 'Content-Type: application/json', or --json)");
        assertThat(recorded.get()).isEqualTo(before);
        assertThat(answered(415)).isEqualTo(refused + 6);

        for (String type : new String[] {"application/json", "application/json; charset=utf-8", "APPLICATION/JSON",
                "application/vnd.example+json", "application/json;charset=UTF-8"}) {
            RawHttp.Exchange x = exchange(predictHead("Content-Type: " + type, "Content-Length: " + ModelServerTest.ROW.length()),
                    ModelServerTest.ROW);
            assertThat(x.responses()).as(type).extracting(RawHttp.Response::status).containsExactly(200);
        }
    }

    @Test
    void allowedHostsAreAnsweredUnderTheirNames() {
        try (ModelServer other = ModelServer.start(ServeOptions.defaults().withPort(0)
                        .withAllowedHosts(List.of("models.example.com", "Proxy.Internal:8443")),
                ws.metadata().models(), ws.store(), List.of(ModelRef.parse("churn")))) {
            int port = other.port();
            for (String name : List.of("models.example.com", "models.example.com:" + port, "proxy.internal:8443",
                    "localhost:" + port)) {
                try (RawHttp c = new RawHttp(port)) {
                    c.send(RawHttp.head("GET", "/v1/models", name));
                    c.finishSending();
                    assertThat(c.readAll().responses()).as(name).extracting(RawHttp.Response::status).containsExactly(200);
                }
            }
            try (RawHttp c = new RawHttp(port)) {
                c.send(RawHttp.head("GET", "/v1/models", "proxy.internal"));
                c.finishSending();
                assertThat(c.readAll().responses()).extracting(RawHttp.Response::status).containsExactly(421);
            }
        }
        try (ModelServer any = ModelServer.start(ServeOptions.defaults().withPort(0).withAllowedHosts(List.of("*")),
                ws.metadata().models(), ws.store(), List.of(ModelRef.parse("churn")));
             RawHttp c = new RawHttp(any.port())) {
            c.send(RawHttp.head("GET", "/v1/models", "anything.example"));
            c.finishSending();
            assertThat(c.readAll().responses()).extracting(RawHttp.Response::status).containsExactly(200);
        }
    }
    /** Counts of {@code sluice_serve_requests_total{model="",status=S}} (requests that named no served model). */
    static long refusedWithoutModel(int status) {
        Matcher m = Pattern.compile("sluice_serve_requests_total\\{model=\"\",status=\"" + status + "\"} (\\d+)")
                .matcher(http.get("/metrics").body());
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    @Test
    void pathsNoRouteMatchesGet404NotAnInternalError() {
        long before = refusedWithoutModel(404);
        // found by HttpRequestFuzzTest: an encoded traversal decodes to a path no route matches, and Helidon's
        // NotFoundException reached the catch-all error handler as a 500 "internal error" with a logged stack trace
        for (String path : List.of("/nothing", "/v1/models/..%2f..%2fetc%2fpasswd", "/v1/models/%252e%252e/predict",
                "/v1/models/churn/predict/extra", "/v1/models/churn/..%2f..%2fhealth")) {
            RawHttp.Exchange x = exchange(RawHttp.head("GET", path, host));
            assertThat(x.responses()).as(path).extracting(RawHttp.Response::status).containsExactly(404);
            assertThat(x.responses().getFirst().json().get("error").asText()).as(path)
                    .isEqualTo("no such endpoint: GET " + path.replaceAll("\\?.*", "")
                            + "; the endpoints are listed in README.md, Serving (e.g. POST /v1/models/NAME/predict)");
        }
        assertThat(refusedWithoutModel(404)).isEqualTo(before + 5);
    }
}
