package dev.sluice.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.server.trigger.WebhookSignature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Signed webhook deliveries against a real server over HTTP: what queues a run, and what is refused and audited. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookTriggerTest {
    static final String SECRET = "whsec-test-0123456789";
    static final String INGEST = """
            pipeline: ingest
            params:
              day: {type: string, default: "2026-01-01"}
              region: {type: string, values: [eu, us], default: eu}
            triggers:
              - {name: hook, webhook: {secret_env: HOOK_SECRET, params: {day: "$.day", region: "$.where.region"}}}
            steps:
              s: {uses: concat, with: {text: "${params.day} ${params.region}\\n"}}
            """;
    static final String LIMITED = """
            pipeline: limited
            params:
              n: {type: int, default: 0, min: 0}
            triggers:
              - {name: hook, webhook: {secret_env: HOOK_SECRET, params: {n: "$.n"}, max_per_minute: 2}}
            steps:
              s: {uses: concat, with: {text: "${params.n}\\n"}}
            """;

    TriggerServer s;

    @BeforeAll
    void start(@TempDir Path tmp) {
        s = new TriggerServer(tmp, Map.of("ingest.yaml", INGEST, "limited.yaml", LIMITED), Map.of("HOOK_SECRET", SECRET));
    }

    @AfterAll
    void stop() {
        s.close();
    }

    private Api.Reply deliver(String path, String body, String delivery, long timestamp, String secret) {
        String ts = Long.toString(timestamp);
        String sig = WebhookSignature.sign(secret.getBytes(StandardCharsets.UTF_8), ts, body.getBytes(StandardCharsets.UTF_8));
        return s.api.send("POST", path, null, body, Map.of(WebhookSignature.TIMESTAMP_HEADER, ts,
                WebhookSignature.SIGNATURE_HEADER, sig, WebhookSignature.DELIVERY_HEADER, delivery));
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    @Test
    void aSignedDeliveryQueuesOneRunWithTheMappedParametersAndItsCause() {
        Api.Reply r = deliver("/api/v1/hooks/ingest/hook", "{\"day\": \"2026-12-01\", \"where\": {\"region\": \"us\"}, \"x\": 1}",
                "d-signed-1", now(), SECRET);
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        String run = r.json().path("run_id").asText();
        assertThat(r.json().path("params")).isEqualTo(Api.JSON.valueToTree(Map.of("day", "2026-12-01", "region", "us")));

        JsonNode done = s.awaitEnd(run);
        assertThat(done.path("status").asText()).isEqualTo("succeeded");
        assertThat(done.path("parameters").path("region").asText()).isEqualTo("us");
        assertThat(done.path("trigger").path("kind").asText()).isEqualTo("webhook");
        assertThat(done.path("trigger").path("detail").asText()).isEqualTo("hook: delivery d-signed-1");
        assertThat(done.path("submitted_by").asText()).isEqualTo("webhook:ingest/hook");
        assertThat(s.api.get("/api/v1/runs?trigger=webhook&pipeline=ingest", s.admin).json().path("runs"))
                .extracting(n -> n.path("run_id").asText()).contains(run);
    }

    @Test
    void forgedStaleAndReplayedDeliveriesAreRefusedQueueNothingAndAreAuditedWithoutTheBody() {
        String body = "{\"day\": \"2026-12-02\", \"where\": {\"region\": \"eu\"}, \"password\": \"hunter2-body-secret\"}";
        Api.Reply first = deliver("/api/v1/hooks/ingest/hook", body, "d-replay-1", now(), SECRET);
        assertThat(first.status()).as(first.text()).isEqualTo(202);
        int before = s.runs("ingest").size();

        Api.Reply forged = deliver("/api/v1/hooks/ingest/hook", body, "d-forged", now(), "not-the-secret");
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.json().path("error").asText()).isEqualTo("bad_signature");

        Api.Reply stale = deliver("/api/v1/hooks/ingest/hook", body, "d-stale", now() - 301, SECRET);
        assertThat(stale.status()).isEqualTo(401);
        assertThat(stale.json().path("error").asText()).isEqualTo("stale_delivery");
        Api.Reply future = deliver("/api/v1/hooks/ingest/hook", body, "d-future", now() + 400, SECRET);
        assertThat(future.json().path("error").asText()).isEqualTo("stale_delivery");

        Api.Reply unsigned = s.api.send("POST", "/api/v1/hooks/ingest/hook", null, body, Map.of());
        assertThat(unsigned.status()).isEqualTo(401);
        assertThat(unsigned.json().path("error").asText()).isEqualTo("unsigned");

        Api.Reply replay = deliver("/api/v1/hooks/ingest/hook", body, "d-replay-1", now(), SECRET);
        assertThat(replay.status()).isEqualTo(409);
        assertThat(replay.json().path("error").asText()).isEqualTo("duplicate_delivery");
        assertThat(replay.json().path("run_id").asText()).isEqualTo(first.json().path("run_id").asText());

        Api.Reply tampered = s.api.send("POST", "/api/v1/hooks/ingest/hook", null, body.replace("12-02", "12-03"),
                Map.of(WebhookSignature.TIMESTAMP_HEADER, Long.toString(now()),
                        WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(SECRET.getBytes(StandardCharsets.UTF_8),
                                Long.toString(now()), body.getBytes(StandardCharsets.UTF_8)),
                        WebhookSignature.DELIVERY_HEADER, "d-tampered"));
        assertThat(tampered.status()).isEqualTo(401);

        assertThat(s.runs("ingest")).hasSize(before);
        JsonNode audit = s.api.get("/api/v1/audit?action=hook.deliver&limit=100", s.admin).json().path("entries");
        assertThat(audit).filteredOn(e -> e.path("status").asInt() == 401).hasSizeGreaterThanOrEqualTo(5);
        assertThat(audit).filteredOn(e -> e.path("status").asInt() == 409).isNotEmpty();
        assertThat(audit.toString()).doesNotContain("hunter2-body-secret").doesNotContain(SECRET);
    }

    @Test
    void aValueOutsideTheParametersBoundsIsRefusedAndQueuesNothing() {
        int before = s.runs("ingest").size();
        Api.Reply r = deliver("/api/v1/hooks/ingest/hook", "{\"day\": \"d\", \"where\": {\"region\": \"mars\"}}", "d-bad", now(), SECRET);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("detail").asText()).contains("region");
        Api.Reply missing = deliver("/api/v1/hooks/ingest/hook", "{\"day\": \"d\"}", "d-missing", now(), SECRET);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().path("detail").asText())
                .isEqualTo("the delivery's body has no $.where.region, which parameter 'region' takes");
        assertThat(s.runs("ingest")).hasSize(before);
    }

    @Test
    void anUnknownTriggerIsNotFound() {
        Api.Reply r = deliver("/api/v1/hooks/ingest/nope", "{}", "d-x", now(), SECRET);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().path("detail").asText()).isEqualTo("pipeline 'ingest' has no webhook trigger 'nope'"
                + " (a registered pipeline declares it under triggers:)");
    }

    @Test
    void deliveriesBeyondTheTriggersRatePerMinuteAreAnswered429WithRetryAfter() {
        assertThat(deliver("/api/v1/hooks/limited/hook", "{\"n\": 1}", "l-1", now(), SECRET).status()).isEqualTo(202);
        assertThat(deliver("/api/v1/hooks/limited/hook", "{\"n\": 2}", "l-2", now(), SECRET).status()).isEqualTo(202);
        Api.Reply third = deliver("/api/v1/hooks/limited/hook", "{\"n\": 3}", "l-3", now(), SECRET);
        assertThat(third.status()).isEqualTo(429);
        assertThat(third.json().path("error").asText()).isEqualTo("rate_limited");
        assertThat(Long.parseLong(third.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(s.runs("limited")).hasSize(2);
    }
}
