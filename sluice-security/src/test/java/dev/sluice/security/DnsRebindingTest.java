package dev.sluice.security;

import dev.sluice.testing.RawExchange;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.sluice.security.ServerClient.head;
import static dev.sluice.security.ServerClient.predict;
import static dev.sluice.security.ServerClient.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * DNS rebinding (Ray's dashboard and MLflow's tracking server, reachable from a web page whose own domain is made to
 * resolve to 127.0.0.1): a real {@code sluice serve} answers only requests whose {@code Host} is one of its own names
 * with its port; any other name gets 421 with nothing listed or scored.
 */
class DnsRebindingTest {
    @Test
    void foreignHostNamesGet421AndSeeNoModel() {
        int port = ServedChurn.get().port;
        for (String host : List.of("evil.com", "evil.com:" + port, "127.0.0.1.evil.com:" + port, "localhost.evil.com:" + port,
                "127.0.0.1", "127.0.0.1:1", "user@127.0.0.1:" + port, "127.0.0.1:" + port + ".evil.com", "2130706433:" + port,
                "0x7f000001:" + port, "0.0.0.0:" + port)) {
            for (String request : List.of(head("GET", "/v1/models", "Host: " + host, "Connection: close"),
                    head("GET", "/v1/models/churn", "Host: " + host, "Connection: close"),
                    predict("Host: " + host, "Content-Type: application/json"))) {
                RawExchange x = send(request);
                assertThat(x.responses()).as("Host %s: %s", host, request).hasSize(1);
                RawExchange.Response r = x.responses().getFirst();
                // a Host with user information or text after the port is not even a valid header: 400
                boolean malformed = host.contains("@") || host.endsWith(".evil.com") && host.contains(":");
                assertThat(r.status()).as("Host %s: %s", host, r.body()).isEqualTo(malformed && !host.startsWith("127.0.0.1.")
                        && !host.startsWith("localhost.") ? 400 : 421);
                assertThat(r.body()).as(host).startsWith("{\"error\":\"").doesNotContain("\"artifact\"")
                        .doesNotContain("probabilities");
                assertThat(x.closed()).as(host).isTrue();
            }
        }
    }

    @Test
    void aRequestWithoutHostGets400() {
        RawExchange x = send(head("GET", "/v1/models", "Connection: close"));
        assertThat(x.responses()).extracting(RawExchange.Response::status).containsExactly(400);
    }

    @Test
    void theServersOwnNamesWithItsPortAreAnswered() {
        int port = ServedChurn.get().port;
        for (String host : List.of("127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port, "LOCALHOST:" + port)) {
            RawExchange x = send(head("GET", "/v1/models", "Host: " + host, "Connection: close"));
            assertThat(x.responses()).as(host).extracting(RawExchange.Response::status).containsExactly(200);
            assertThat(x.responses().getFirst().body()).contains("\"name\":\"churn\"");
        }
    }
}
