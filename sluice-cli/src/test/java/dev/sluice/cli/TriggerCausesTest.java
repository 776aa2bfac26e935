package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.server.RetentionSchedule;
import dev.sluice.server.ServerConfig;
import dev.sluice.server.SluiceServer;
import dev.sluice.server.trigger.TriggerSettings;
import dev.sluice.server.trigger.WebhookSignature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs a server's triggers queued, as {@code sluice show} and {@code sluice runs --json} report their cause. */
class TriggerCausesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "whsec-cli-7c1f";

    @TempDir Path home;
    @TempDir Path work;
    @TempDir Path pipelines;

    @Test
    void showAndRunsNameTheWebhookDeliveryAndTheDataFileThatStartedARun() throws Exception {
        Files.writeString(pipelines.resolve("ingest.yaml"), """
                pipeline: ingest
                params:
                  day: {type: string, default: none}
                  file: {type: string, default: none}
                triggers:
                  - {name: hook, webhook: {secret_env: HOOK_SECRET, params: {day: "$.day"}}}
                  - {name: drop, data: {folder: incoming, param: file, stable_seconds: 0}}
                steps:
                  s: {uses: concat, with: {text: "${params.day} ${params.file}\\n"}}
                """);
        Path incoming = Files.createDirectories(pipelines.resolve("incoming"));
        String hookRun;
        String dataRun;
        try (SluiceServer server = SluiceServer.start(ServerConfig.defaults(home).withPort(0).withRunSlots(1).withStepWorkers(1)
                .withPipelineDirs(List.of(pipelines)), RetentionSchedule.defaults(), TriggerSettings.defaults()
                .withEnvironment(n -> Optional.ofNullable(Map.of("HOOK_SECRET", SECRET).get(n)))
                .withPolls(Duration.ofMillis(100), Duration.ofMillis(100)))) {
            String admin = server.firstToken().orElseThrow().token();
            HttpClient http = HttpClient.newHttpClient();
            String body = "{\"day\": \"2026-12-07\"}";
            String ts = Long.toString(Instant.now().getEpochSecond());
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                            + "/api/v1/hooks/ingest/hook")).header(WebhookSignature.TIMESTAMP_HEADER, ts)
                    .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(SECRET.getBytes(StandardCharsets.UTF_8), ts,
                            body.getBytes(StandardCharsets.UTF_8)))
                    .header(WebhookSignature.DELIVERY_HEADER, "d-cli-1")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            hookRun = JSON.readTree(r.body()).path("run_id").asText();
            awaitEnd(http, server, admin, hookRun);
            Files.writeString(incoming.resolve("day.csv"), "x\n1\n");
            dataRun = awaitRun(http, server, admin, "data");
            awaitEnd(http, server, admin, dataRun);
        }
        Cli cli = new Cli(work, Map.of("SLUICE_HOME", home.toString()));
        Cli.Result show = cli.run("show", hookRun);
        assertThat(show.code()).as(show.err()).isZero();
        assertThat(show.out()).contains("started by: webhook (hook: delivery d-cli-1)");
        assertThat(cli.run("show", dataRun).out()).contains("started by: data (drop: file "
                + "sha256:daff832f802000e645771a60983c76c963f6ee602a6230e45237bd360e91cc1a (" + incoming.resolve("day.csv") + "))");
        JsonNode runs = JSON.readTree(cli.run("runs", "--json").out()).get("runs");
        assertThat(runs).anySatisfy(n -> {
            assertThat(n.path("run_id").asText()).isEqualTo(hookRun);
            assertThat(n.path("trigger").path("kind").asText()).isEqualTo("webhook");
            assertThat(n.path("trigger").path("detail").asText()).isEqualTo("hook: delivery d-cli-1");
        });
        assertThat(runs).anySatisfy(n -> assertThat(n.path("trigger").path("kind").asText()).isEqualTo("data"));
    }

    @Test
    void aTriggerPollThatIsNotADurationIsAUsageError() {
        Cli.Result r = new Cli(work, Map.of("SLUICE_HOME", home.toString())).run("server", "--port", "0", "--trigger-poll", "2x");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--trigger-poll '2x' is not a duration; write e.g. 500ms, 2s or 1m");
    }

    private static JsonNode get(HttpClient http, SluiceServer server, String admin, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + admin).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    private static void awaitEnd(HttpClient http, SluiceServer server, String admin, String run) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (List.of("queued", "running").contains(get(http, server, admin, "/api/v1/runs/" + run).path("status").asText())) {
            if (System.nanoTime() > deadline) throw new AssertionError("run " + run + " did not end");
            Thread.sleep(20);
        }
    }

    private static String awaitRun(HttpClient http, SluiceServer server, String admin, String trigger) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            JsonNode runs = get(http, server, admin, "/api/v1/runs?trigger=" + trigger).path("runs");
            if (!runs.isEmpty()) return runs.get(0).path("run_id").asText();
            if (System.nanoTime() > deadline) throw new AssertionError("no run started by " + trigger);
            Thread.sleep(50);
        }
    }
}
