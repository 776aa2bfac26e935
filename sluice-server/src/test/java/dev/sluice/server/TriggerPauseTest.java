package dev.sluice.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.server.trigger.WebhookSignature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pausing and resuming triggers through the API against a real server: role-checked, audited with the caller, kept
 * across a restart, and honoured by each kind (a webhook answers 409 and records nothing, the data watcher holds the
 * file until the resume, the upstream follower skips the runs that end while paused). The test waits for polls.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TriggerPauseTest {
    static final String SECRET = "whsec-pause-0123456789";
    static final String HOOKED = """
            pipeline: hooked
            triggers:
              - {name: hook, webhook: {secret_env: HOOK_SECRET}}
            steps:
              s: {uses: concat, with: {text: "hooked\\n"}}
            """;
    static final String TRAIN = """
            pipeline: train
            steps:
              model: {uses: concat, with: {text: "model\\n"}}
            """;
    static final String DEPLOY = """
            pipeline: deploy
            params:
              train_run: {type: string, default: none}
            triggers:
              - {name: after_train, upstream: {pipeline: train, status: succeeded, run_param: train_run}}
            steps:
              s: {uses: concat, with: {text: "${params.train_run}\\n"}}
            """;

    Path root;
    TriggerServer s;
    String admin;
    String operator;
    String viewer;

    @BeforeAll
    void start(@TempDir Path tmp) throws IOException {
        root = tmp;
        s = server();
        admin = s.admin;
        Files.createDirectories(s.pipelines.resolve("incoming"));
        operator = s.api.post("/api/v1/tokens", admin, Map.of("name", "ops", "role", "operator")).json().path("token").asText();
        viewer = s.api.post("/api/v1/tokens", admin, Map.of("name", "v", "role", "viewer")).json().path("token").asText();
    }

    private TriggerServer server() {
        return new TriggerServer(root, Map.of("hooked.yaml", HOOKED, "landed.yaml", DataTriggerTest.pipeline("landed",
                "{folder: incoming, glob: \"*.csv\", param: file, stable_seconds: 0}"), "train.yaml", TRAIN, "deploy.yaml", DEPLOY),
                Map.of("HOOK_SECRET", SECRET));
    }

    @AfterAll
    void stop() {
        s.close();
    }

    private Api.Reply deliver(String delivery) {
        String ts = Long.toString(Instant.now().getEpochSecond());
        String body = "{}";
        String sig = WebhookSignature.sign(SECRET.getBytes(StandardCharsets.UTF_8), ts, body.getBytes(StandardCharsets.UTF_8));
        return s.api.send("POST", "/api/v1/hooks/hooked/hook", null, body, Map.of(WebhookSignature.TIMESTAMP_HEADER, ts,
                WebhookSignature.SIGNATURE_HEADER, sig, WebhookSignature.DELIVERY_HEADER, delivery));
    }

    private JsonNode trigger(String pipeline, String name) {
        for (JsonNode t : s.api.get("/api/v1/pipelines/" + pipeline, viewer).json().path("triggers")) {
            if (t.path("name").asText().equals(name)) return t;
        }
        throw new AssertionError(pipeline + " has no trigger " + name);
    }

    @Test
    void aPausedWebhookAnswers409QueuesNothingStaysPausedAcrossARestartAndTakesTheDeliveryAgainAfterTheResume() {
        assertThat(s.api.post("/api/v1/pipelines/hooked/triggers/hook/pause", viewer, Map.of()).status()).isEqualTo(403);
        Api.Reply unknown = s.api.post("/api/v1/pipelines/hooked/triggers/nope/pause", operator, Map.of());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.text()).contains("its triggers: hook");
        Api.Reply paused = s.api.post("/api/v1/pipelines/hooked/triggers/hook/pause", operator, Map.of());
        assertThat(paused.status()).as(paused.text()).isEqualTo(200);
        assertThat(paused.json().path("paused").asBoolean()).isTrue();
        assertThat(paused.json().path("changed_by").asText()).isEqualTo("ops");
        assertThat(trigger("hooked", "hook").path("paused").asBoolean()).isTrue();

        Api.Reply refused = deliver("d-paused-1");
        assertThat(refused.status()).as(refused.text()).isEqualTo(409);
        assertThat(refused.json().path("error").asText()).isEqualTo("trigger_paused");
        assertThat(refused.json().path("detail").asText()).contains("is paused (by ops)", "/api/v1/pipelines/hooked/triggers/hook/resume");
        assertThat(s.runs("hooked")).isEmpty();

        s.close(); // the state is the database's: a restarted server keeps it
        s = server();
        assertThat(trigger("hooked", "hook").path("paused").asBoolean()).isTrue();
        assertThat(deliver("d-paused-1").status()).isEqualTo(409);

        Api.Reply resumed = s.api.post("/api/v1/pipelines/hooked/triggers/hook/resume", operator, Map.of());
        assertThat(resumed.json().path("paused").asBoolean()).isFalse();
        Api.Reply again = deliver("d-paused-1"); // a refused delivery was not recorded: sent again, it queues its run
        assertThat(again.status()).as(again.text()).isEqualTo(202);
        assertThat(s.awaitEnd(again.json().path("run_id").asText()).path("status").asText()).isEqualTo("succeeded");
        assertThat(trigger("hooked", "hook").path("paused").asBoolean()).isFalse();

        JsonNode pauses = s.api.get("/api/v1/audit?action=trigger.pause", admin).json().path("entries");
        assertThat(pauses.findValuesAsText("actor")).contains("ops", "v");
        assertThat(pauses.findValuesAsText("outcome")).contains("ok", "denied");
        JsonNode resumes = s.api.get("/api/v1/audit?action=trigger.resume", admin).json().path("entries");
        assertThat(resumes.findValuesAsText("actor")).contains("ops").doesNotContain("v");
    }

    @Test
    void aPausedDataTriggerQueuesNothingAndTakesTheFileStillThereAfterTheResume() throws IOException {
        assertThat(s.api.post("/api/v1/pipelines/landed/triggers/drop/pause", operator, Map.of()).status()).isEqualTo(200);
        Path file = s.pipelines.resolve("incoming").resolve("during-pause.csv");
        Files.writeString(file, "x\n1\n");
        s.awaitPolls(3);
        assertThat(s.runs("landed")).isEmpty();

        assertThat(s.api.post("/api/v1/pipelines/landed/triggers/drop/resume", operator, Map.of()).status()).isEqualTo(200);
        String run = s.awaitRuns("landed", 1).getFirst();
        assertThat(s.awaitEnd(run).path("parameters").path("file").asText()).isEqualTo(file.toAbsolutePath().toString());
    }

    @Test
    void aPausedUpstreamTriggerSkipsTheRunsThatEndWhilePausedAndFollowsTheNextOnes() {
        assertThat(s.api.post("/api/v1/pipelines/deploy/triggers/after_train/pause", operator, Map.of()).status()).isEqualTo(200);
        String during = s.api.post("/api/v1/runs", admin, Map.of("pipeline", "train")).json().path("run_id").asText();
        assertThat(s.awaitEnd(during).path("status").asText()).isEqualTo("succeeded");
        awaitUpstreamPolls(3);
        assertThat(s.runs("deploy")).isEmpty();

        assertThat(s.api.post("/api/v1/pipelines/deploy/triggers/after_train/resume", operator, Map.of()).status()).isEqualTo(200);
        awaitUpstreamPolls(3);
        assertThat(s.runs("deploy")).as("the run that ended while paused is not replayed").isEmpty();
        String after = s.api.post("/api/v1/runs", admin, Map.of("pipeline", "train")).json().path("run_id").asText();
        s.awaitEnd(after);
        String deploy = s.awaitRuns("deploy", 1).getFirst();
        assertThat(s.awaitEnd(deploy).path("parameters").path("train_run").asText()).isEqualTo(after);
        awaitUpstreamPolls(2);
        assertThat(s.runs("deploy")).hasSize(1);
    }

    private void awaitUpstreamPolls(int n) {
        long target = s.server.upstreamFollower().polls() + n;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (s.server.upstreamFollower().polls() < target) {
            if (System.nanoTime() > deadline) throw new AssertionError("the upstream follower did not poll " + n + " times");
            TriggerServer.sleep(10);
        }
    }
}
