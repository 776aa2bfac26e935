package dev.sluice.security;

import dev.sluice.testing.RawExchange;

import org.junit.jupiter.api.Test;

import static dev.sluice.security.ServerClient.head;
import static dev.sluice.security.ServerClient.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request smuggling (issue 13.3 here; the class behind proxy-desync advisories of every HTTP stack ML servers ship):
 * a real {@code sluice serve} never answers a request hidden inside another request's body. A body it refuses (too
 * large, broken chunking, ambiguous framing) is answered once and the connection closed; well-framed requests on one
 * connection are answered in order.
 */
class RequestSmugglingTest {
    static final String HIDDEN = "GET /v1/models HTTP/1.1\r\nHost: {host}\r\n\r\n";
    static final String POST = "POST /v1/models/churn/predict HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n";

    @Test
    void aContentLengthOverTheLimitIs413AndWhatFollowsIsNeverRead() {
        RawExchange x = send(POST + "Content-Length: 16777217\r\n\r\n" + HIDDEN + HIDDEN);
        assertThat(x.responses()).extracting(RawExchange.Response::status).containsExactly(413);
        assertThat(x.closed()).isTrue();
    }

    @Test
    void aBadChunkSizeIs400AndTheRequestBehindItIsNeverAnswered() {
        RawExchange x = send(POST + "Transfer-Encoding: chunked\r\n\r\nZZ\r\n" + HIDDEN + "\r\n0\r\n\r\n" + HIDDEN);
        assertThat(x.responses()).extracting(RawExchange.Response::status).containsExactly(400);
        assertThat(x.responses().getFirst().body()).contains("chunk");
        assertThat(x.closed()).isTrue();
    }

    @Test
    void contentLengthAndChunkedTogetherNeverLetTheHiddenRequestThrough() {
        // CL.TE: a front end that reads Content-Length forwards all; one that reads chunked sees the GET as a request
        String body = "0\r\n\r\n" + HIDDEN;
        RawExchange x = send(POST + "Content-Length: " + (body.length() + 8) + "\r\nTransfer-Encoding: chunked\r\n\r\n" + body);
        assertThat(x.responses()).hasSizeLessThanOrEqualTo(1);
        x.responses().forEach(r -> assertThat(r.status()).isIn(400, 411, 413));
        assertThat(x.closed()).isTrue();
    }

    @Test
    void obfuscatedTransferEncodingsAndConflictingLengthsAreRefused() {
        for (String framing : new String[]{"Transfer-Encoding: xchunked\r\n", "Transfer-Encoding: chunked, identity\r\n",
                "Transfer-Encoding : chunked\r\n", "Transfer-Encoding:\tchunked\r\nTransfer-Encoding: identity\r\n",
                "Content-Length: 2\r\nContent-Length: 40\r\n", "Content-Length: -1\r\n", "Content-Length: 0x2\r\n",
                "Content-Length: +2\r\n"}) {
            RawExchange x = send(POST + framing + "\r\n{}" + HIDDEN);
            assertThat(x.responses()).as(framing).hasSize(1);
            assertThat(x.responses().getFirst().status()).as("%s: %s", framing, x.responses().getFirst().body()).isIn(400, 411, 501);
            assertThat(x.closed()).as(framing).isTrue();
        }
    }

    @Test
    void wellFramedPipelinedRequestsAreAnsweredInOrder() {
        RawExchange x = send(head("GET", "/health", "Host: {host}") + POST + "Content-Length: " + ServedChurn.ROW.length()
                + "\r\n\r\n" + ServedChurn.ROW + head("GET", "/v1/models/nothing", "Host: {host}")
                + head("GET", "/ready", "Host: {host}", "Connection: close"));
        assertThat(x.responses()).extracting(RawExchange.Response::status).containsExactly(200, 200, 404, 200);
        assertThat(x.closed()).isTrue();
    }
    @Test
    void theBodyOfARequestToNoEndpointIsNeverReadAsARequest() {
        String hidden = HIDDEN.replace("{host}", ServedChurn.get().host());
        for (String path : new String[]{"/nothing", "/v1/models/churn/predict/extra", "/health"}) {
            RawExchange x = send("POST " + path + " HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + hidden.length() + "\r\n\r\n" + hidden);
            assertThat(x.responses()).as(path).hasSize(1);
            assertThat(x.responses().getFirst().status()).as(path).isIn(404, 405);
            RawExchange chunked = send("POST " + path + " HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(hidden.length()) + "\r\n" + hidden + "\r\n0\r\n\r\n");
            assertThat(chunked.responses()).as(path).hasSize(1);
        }
    }
}
