package dev.sluice.security;

import dev.sluice.testing.RawExchange;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.sluice.security.ServerClient.head;
import static dev.sluice.security.ServerClient.predict;
import static dev.sluice.security.ServerClient.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cross-site request forgery (Ray's job submission and MLflow's tracking API driven from a web page; BentoML's
 * unauthenticated endpoints): a web page may make the user's browser POST to 127.0.0.1 without asking when the body
 * is a "simple" type (text/plain, a form) and reads nothing back. A real {@code sluice serve} scores only JSON bodies,
 * refuses a POST that carries a foreign {@code Origin}, never answers a CORS preflight with a grant, and changes
 * nothing (reload) without its token.
 */
class CsrfTest {
    @Test
    void bodiesABrowserMaySendWithoutAskingGet415AndAreNotScored() {
        for (String type : List.of("text/plain", "text/plain; charset=utf-8", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "text/json", "application/jsonx", "application/json-patch")) {
            RawExchange x = send(predict("Host: {host}", "Content-Type: " + type));
            assertThat(x.responses()).as(type).extracting(RawExchange.Response::status).containsExactly(415);
            assertThat(x.responses().getFirst().body()).as(type).doesNotContain("probabilities");
        }
        RawExchange none = send(predict("Host: {host}"));
        assertThat(none.responses()).extracting(RawExchange.Response::status).containsExactly(415);
    }

    @Test
    void aPostFromAForeignOriginGets403EvenAsJson() {
        for (String origin : List.of("http://evil.com", "null", "http://127.0.0.1.evil.com", "file://")) {
            RawExchange x = send(predict("Host: {host}", "Content-Type: application/json", "Origin: " + origin));
            assertThat(x.responses()).as(origin).extracting(RawExchange.Response::status).containsExactly(403);
            assertThat(x.responses().getFirst().body()).as(origin).doesNotContain("probabilities");
        }
        RawExchange same = send(predict("Host: {host}", "Content-Type: application/json", "Origin: http://{host}",
                "Connection: close"));
        assertThat(same.responses()).extracting(RawExchange.Response::status).containsExactly(200);
    }

    @Test
    void noAnswerGrantsAForeignPageAccess() {
        for (String request : List.of(head("OPTIONS", "/v1/models/churn/predict", "Host: {host}", "Origin: http://evil.com",
                        "Access-Control-Request-Method: POST", "Access-Control-Request-Headers: content-type", "Connection: close"),
                head("GET", "/v1/models", "Host: {host}", "Origin: http://evil.com", "Connection: close"))) {
            RawExchange x = send(request);
            assertThat(x.responses()).as(request).hasSize(1);
            assertThat(x.responses().getFirst().headers()).as(request).doesNotContainKeys("access-control-allow-origin",
                    "access-control-allow-credentials", "access-control-allow-methods");
        }
    }

    @Test
    void reloadNeedsTheToken() {
        for (String auth : List.of("", "Authorization: Bearer wrong", "Authorization: Basic " + ServedChurn.TOKEN,
                "Authorization: Bearer " + ServedChurn.TOKEN + "x")) {
            String[] headers = auth.isEmpty() ? new String[]{"Host: {host}", "Content-Length: 0", "Connection: close"}
                    : new String[]{"Host: {host}", auth, "Content-Length: 0", "Connection: close"};
            RawExchange x = send(head("POST", "/v1/models/churn/reload", headers));
            assertThat(x.responses()).as(auth).extracting(RawExchange.Response::status).containsExactly(401);
            assertThat(x.responses().getFirst().body()).isEqualTo(
                    "{\"error\":\"missing or wrong token: send Authorization: Bearer <SLUICE_TOKEN>\"}");
        }
        RawExchange ok = send(head("POST", "/v1/models/churn/reload", "Host: {host}", "Authorization: Bearer " + ServedChurn.TOKEN,
                "Content-Length: 0", "Connection: close"));
        assertThat(ok.responses()).extracting(RawExchange.Response::status).containsExactly(200);
    }
}
