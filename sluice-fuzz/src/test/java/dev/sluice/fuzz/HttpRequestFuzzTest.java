package dev.sluice.fuzz;

import dev.sluice.testing.RawExchange;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.ml.model.ModelInfo;
import dev.sluice.serve.model.FieldType;
import dev.sluice.serve.model.InputSchema;
import dev.sluice.serve.model.RequestException;
import dev.sluice.serve.model.RowParser;
import dev.sluice.serve.model.RowValues;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code sluice serve} does with what a client sends. {@link #predictionBodies}: a body through {@link RowParser}
 * (a schema with one field of each type), which parses it into rows that hold only what their types allow (finite
 * numbers, integral longs, booleans) or refuses it with a {@link RequestException}; and the same body POSTed to a real
 * server, which answers 200 or a 4xx with a JSON error, never a 5xx. {@link #rawRequests}: bytes written to a socket
 * of the real server, which answers only with parseable responses, no 5xx (but 501 and 505), answers nothing after a refusal of the request's
 * framing, Host or type (413, 415, 421, or any answer that says {@code Connection: close}: nothing left of a refused
 * request is read as another), and keeps serving.
 */
class HttpRequestFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final InputSchema SCHEMA = InputSchema.of(List.of(new ModelInfo.Field("x", "double"),
            new ModelInfo.Field("n", "long"), new ModelInfo.Field("c", "string"), new ModelInfo.Field("b", "bool")));

    @FuzzTest
    @DictionaryEntries({"rows", "null", "true", "false", "1e400", "-0", "9223372036854775807", "9223372036854775808", "1e20",
            "0.5", "[]", "{}", "u0000", "tenure", "MonthlyCharges", "Contract"})
    void predictionBodies(byte[] body) throws IOException {
        try {
            RowParser.Parsed parsed = RowParser.parse(body, SCHEMA);
            for (RowValues row : parsed.rows()) {
                for (int i = 0; i < row.size(); i++) {
                    assertThat(row.present(i)).as("field %s", row.name(i)).isTrue();
                    if (row.isNull(i)) continue;
                    FieldType type = SCHEMA.type(i);
                    switch (type) {
                        case DOUBLE -> assertThat(Double.isFinite(row.number(i))).as("x finite").isTrue();
                        case LONG -> assertThat(row.number(i)).as("n integral").isEqualTo(Math.rint(row.number(i)));
                        case BOOL -> assertThat(row.number(i)).as("b").isIn(0.0, 1.0);
                        case STRING -> assertThat(row.text(i)).as("c").isNotNull();
                    }
                }
            }
        } catch (RequestException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
        ChurnServer server = ChurnServer.get();
        byte[] head = ("POST /v1/models/churn/predict HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
                + "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        RawExchange x = RawExchange.send(server.port(), request, 10_000);
        assertThat(x.responses()).as("one answer to %s", new String(body, StandardCharsets.UTF_8)).hasSize(1);
        RawExchange.Response r = x.responses().getFirst();
        assertThat(r.status()).as(r.body()).isIn(200, 400);
        JsonNode json = JSON.readTree(r.body());
        if (r.status() == 400) assertThat(json.path("error").asText()).isNotBlank();
    }

    @FuzzTest
    @DictionaryEntries({"GET ", "POST ", " HTTP/1.1", "Host: 127.0.0.1:PORT", "Host: evil.com",
            "Content-Length: ", "Transfer-Encoding: chunked", "Content-Type: application/json", "Origin: http://evil.com",
            "Connection: close", "Expect: 100-continue", "/v1/models/churn/predict", "/v1/models", "/health", "/ready",
            "/metrics", "/v1/models/churn/reload", "Authorization: Bearer fuzz-token", "%2e%2e/", "../"})
    void rawRequests(byte[] input) throws IOException {
        ChurnServer server = ChurnServer.get();
        // seeds name the server as 127.0.0.1:PORT; the port is only known now
        byte[] request = new String(input, StandardCharsets.ISO_8859_1).replace(":PORT", ":" + server.port())
                .getBytes(StandardCharsets.ISO_8859_1);
        RawExchange x = RawExchange.send(server.port(), request, 10_000);
        for (int i = 0; i < x.responses().size(); i++) {
            RawExchange.Response r = x.responses().get(i);
            // 501 and 505 refuse a method or protocol version the server does not speak; other 5xx are failures
            if (r.status() != 501 && r.status() != 505) {
                assertThat(r.status()).as("status of answer %d: %s", i, r.body()).isBetween(100, 499);
            }
            boolean closes = "close".equalsIgnoreCase(r.headers().get("connection"));
            if (closes || r.status() == 413 || r.status() == 415 || r.status() == 421) {
                assertThat(i).as("a refusal (%d %s) is the last answer on its connection", r.status(), r.body())
                        .isEqualTo(x.responses().size() - 1);
            }
        }
        RawExchange health = RawExchange.send(server.port(), ("GET /health HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII), 10_000);
        assertThat(health.responses()).extracting(RawExchange.Response::status).as("the server still answers").containsExactly(200);
    }
}
