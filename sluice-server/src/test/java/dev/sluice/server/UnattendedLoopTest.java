package dev.sluice.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The elec2 closed loop inside one {@code sluice server}, with nothing done by hand after the start but what a user
 * or a client program would do through the API and the served model's HTTP port: train the first champion (a queued
 * run of examples/elec2/train.yaml), serve it with a drift check and a retraining pipeline ({@code POST
 * /api/v1/serving}), send it the later period's traffic, and wait. The server logs the predictions, finds the drift,
 * queues examples/elec2/retrain.yaml with the window through its run queue, the run passes the gate and the canary and
 * promotes version 2, and the served model swaps to it. A restart serves the model again (kept in the database) until
 * it is stopped through the API.
 */
class UnattendedLoopTest {
    static final Path EXAMPLE = Path.of("../examples/elec2").toAbsolutePath().normalize();

    @TempDir Path tmp;

    @Test
    void driftRetrainsThroughTheQueueAndTheServedModelSwapsToThePromotedVersion() throws Exception {
        ServerConfig config = ServerConfig.defaults(tmp.resolve("home")).withPort(0).withRunSlots(1).withStepWorkers(2)
                .withPipelineDirs(List.of(EXAMPLE)).withGrace(Duration.ofSeconds(5));
        String[] admins = new String[1];
        try (SluiceServer server = SluiceServer.start(config)) {
            Api api = new Api(server.port());
            String admin = server.firstToken().orElseThrow().token();
            List<String> heard = new CopyOnWriteArrayList<>();
            server.serving().onAlarm(a -> heard.add(a.action() + " " + a.artifact() + " " + a.runId().orElse("-")));

            // the first champion, trained by a run queued through the API
            Api.Reply train = api.post("/api/v1/runs", admin, Map.of("pipeline", "elec2-train"));
            assertThat(train.status()).as(train.text()).isEqualTo(201);
            String trainRun = train.json().path("run_id").asText();
            assertThat(api.eventsToEnd(trainRun, admin).getLast().data().path("status").asText()).isEqualTo("succeeded");

            // serve it, with its drift watched and retraining on drift
            Api.Reply served = api.post("/api/v1/serving", admin, Map.of("model", "elec2@champion", "retrain", "elec2-retrain",
                    "check", "1s", "min_rows", 3000, "poll", "200ms"));
            assertThat(served.status()).as(served.text()).isEqualTo(201);
            assertThat(served.json().path("version").asInt()).isEqualTo(1);
            int port = served.json().path("port").asInt();
            assertThat(served.json().path("url").asText()).isEqualTo("http://127.0.0.1:" + port + "/v1/models/elec2/predict");
            Http model = new Http(port);

            // traffic: the later period, answered by version 1
            List<String> rows = requests(EXAMPLE.resolve("data/late.csv"));
            assertThat(rows).hasSize(3000);
            for (int from = 0; from < rows.size(); from += 100) {
                JsonNode answer = model.post("/v1/models/elec2/predict",
                        "{\"rows\": [" + String.join(",", rows.subList(from, Math.min(rows.size(), from + 100))) + "]}");
                assertThat(answer.path("version").asInt()).isEqualTo(1);
            }

            // nothing more is done: the server checks, alarms, retrains through its queue, promotes and swaps
            JsonNode swapped = awaitServedVersion(model, 2); // on promote, so while the run may still be ending
            JsonNode state = api.get("/api/v1/serving", admin).json().path("served").get(0);
            JsonNode alarm = state.path("last_retraining"); // later checks may have raised alarms the policy suppressed
            assertThat(alarm.path("action").asText()).as(state.toString()).isEqualTo("retraining");
            assertThat(alarm.path("version").asInt()).isEqualTo(1);
            assertThat(alarm.path("drifted")).extracting(JsonNode::asText).contains("vicprice", "transfer");
            String report = alarm.path("report").asText();
            String retrainRun = alarm.path("run_id").asText();
            assertThat(heard).contains("retraining " + report + " " + retrainRun);

            // the retraining run is an ordinary run of the queue, started by the drift report
            assertThat(api.eventsToEnd(retrainRun, admin).getLast().data().path("status").asText()).isEqualTo("succeeded");
            JsonNode run = api.get("/api/v1/runs/" + retrainRun, admin).json();
            assertThat(run.path("pipeline").asText()).isEqualTo("elec2-retrain");
            assertThat(run.path("status").asText()).isEqualTo("succeeded");
            assertThat(run.path("trigger").path("kind").asText()).isEqualTo("drift");
            assertThat(run.path("trigger").path("artifact").asText()).isEqualTo(report);
            assertThat(run.path("trigger").path("detail").asText()).startsWith("elec2@1 drifted on ");
            assertThat(api.get("/api/v1/runs?trigger=drift", admin).json().path("runs")).extracting(r -> r.path("run_id").asText())
                    .containsExactly(retrainRun);
            JsonNode reportJson = api.get("/api/v1/drift-reports/" + report, admin).json();
            assertThat(reportJson.path("retraining_runs")).extracting(JsonNode::asText).containsExactly(retrainRun);
            assertThat(api.get("/api/v1/audit?actor=drift-monitor", admin).json().path("entries"))
                    .extracting(e -> e.path("target").asText()).contains(retrainRun);

            // lineage: the new version -> the run -> the report; it is the champion and what the served model answers with
            var v2 = server.workspace().metadata().models().resolve("elec2@champion").orElseThrow();
            assertThat(v2.version()).isEqualTo(2);
            assertThat(v2.runId()).hasValue(retrainRun);
            assertThat(server.workspace().metadata().queries().trigger(retrainRun).orElseThrow().artifact()).hasValue(report);
            assertThat(swapped.path("artifact").asText()).isEqualTo(v2.artifactId());
            assertThat(model.post("/v1/models/elec2/predict", rows.getFirst()).path("version").asInt()).isEqualTo(2);
            assertThat(api.get("/api/v1/serving", admin).json().path("served").get(0).path("version").asInt()).isEqualTo(2);

            assertThat(api.post("/api/v1/serving", admin, Map.of("model", "elec2")).status()).as("served once at a time").isEqualTo(409);
            admins[0] = admin;
        }

        // a restart serves it again, with its settings, at the version the alias points to now
        try (SluiceServer again = SluiceServer.start(config)) {
            Api api = new Api(again.port());
            JsonNode listed = api.get("/api/v1/serving", admins[0]).json();
            assertThat(listed.path("not_served")).isEmpty();
            assertThat(listed.path("served")).singleElement().satisfies(m -> {
                assertThat(m.path("model").asText()).isEqualTo("elec2@champion");
                assertThat(m.path("version").asInt()).isEqualTo(2);
                assertThat(m.path("retrain").asText()).isEqualTo("elec2-retrain");
                assertThat(m.path("min_rows").asInt()).isEqualTo(3000);
            });
            Http model = new Http(listed.path("served").get(0).path("port").asInt());
            assertThat(model.get("/v1/models/elec2").path("version").asInt()).isEqualTo(2);

            // stopping it closes its port, and the next start does not serve it
            Api.Reply stopped = api.delete("/api/v1/serving/elec2", admins[0]);
            assertThat(stopped.status()).as(stopped.text()).isEqualTo(200);
            assertThat(stopped.json().path("model").asText()).isEqualTo("elec2@champion");
            assertThat(api.get("/api/v1/serving", admins[0]).json().path("served")).isEmpty();
            assertThatThrownBy(() -> model.get("/health")).isInstanceOf(java.io.UncheckedIOException.class)
                    .hasCauseInstanceOf(java.net.ConnectException.class);
        }
        try (SluiceServer third = SluiceServer.start(config)) {
            assertThat(third.serving().list()).isEmpty();
        }
    }

    /** Polls {@code GET /v1/models/elec2} until it reports {@code version}; a deadline only so a broken loop ends. */
    private static JsonNode awaitServedVersion(Http model, int version) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        JsonNode served = model.get("/v1/models/elec2");
        while (served.path("version").asInt() != version && System.nanoTime() < deadline) {
            Thread.sleep(100);
            served = model.get("/v1/models/elec2");
        }
        assertThat(served.path("version").asInt()).as("version served").isEqualTo(version);
        return served;
    }

    /** Each CSV line without its class as a JSON request row (the values are JSON numbers already). */
    static List<String> requests(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        String[] header = lines.getFirst().split(",");
        List<String> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] v = line.split(",");
            StringBuilder b = new StringBuilder("{");
            for (int i = 0; i < header.length; i++) {
                if (header[i].equals("class")) continue;
                if (b.length() > 1) b.append(',');
                b.append('"').append(header[i]).append("\":").append(v[i]);
            }
            out.add(b.append('}').toString());
        }
        return out;
    }

    /** The served model's own HTTP port: JSON answers that must be 200s. */
    record Http(HttpClient http, String base) {
        Http(int port) {
            this(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), "http://127.0.0.1:" + port);
        }

        JsonNode get(String path) {
            return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
        }

        JsonNode post(String path, String body) {
            return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        }

        private JsonNode send(HttpRequest r) {
            try {
                HttpResponse<String> res = http.send(r, HttpResponse.BodyHandlers.ofString());
                assertThat(res.statusCode()).as("%s %s: %s", r.method(), r.uri(), res.body()).isEqualTo(200);
                return Api.JSON.readTree(res.body());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
