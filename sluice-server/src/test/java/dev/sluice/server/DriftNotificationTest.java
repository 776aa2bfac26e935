package dev.sluice.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.pipeline.NotifyRule;
import dev.sluice.server.notify.Notification;
import dev.sluice.server.serving.DriftAlarm;
import dev.sluice.yaml.NotifyRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A served model's drift alarm reaches its retraining pipeline's {@code notify: [{on: drift, ...}]} rule, delivered to a
 * real HTTP receiver on 127.0.0.1, once per drift: the checks that find the same drift again notify nothing.
 */
class DriftNotificationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path tmp;

    @Test
    void aDriftAlarmIsNotifiedToTheRetrainingPipelinesRulesOncePerDrift() throws Exception {
        List<JsonNode> drift = new CopyOnWriteArrayList<>();
        CountDownLatch barrier = new CountDownLatch(2);
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newCachedThreadPool());
        receiver.createContext("/", x -> handle(x, drift, barrier));
        receiver.start();
        try {
            String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
            Path pipelines = Files.createDirectories(tmp.resolve("p"));
            // a retraining pipeline that only notes the window it was given, and has the drift rule under test
            Files.writeString(pipelines.resolve("drift-notify.yaml"), """
                    pipeline: drift-notify
                    params:
                      data: {type: path}
                    notify:
                      - {on: drift, webhook: "%s/drift", format: json}
                    steps:
                      note: {uses: concat, with: {text: "retraining on ${params.data}\\n"}}
                    """.formatted(base));
            ServerConfig config = ServerConfig.defaults(tmp.resolve("home")).withPort(0).withRunSlots(1).withStepWorkers(2)
                    .withPipelineDirs(List.of(UnattendedLoopTest.EXAMPLE, pipelines)).withGrace(Duration.ofSeconds(5));
            try (SluiceServer server = SluiceServer.start(config)) {
                Api api = new Api(server.port());
                String admin = server.firstToken().orElseThrow().token();
                LinkedBlockingQueue<DriftAlarm> heard = new LinkedBlockingQueue<>(); // heard after the server's own listener
                server.serving().onAlarm(heard::add);
                String train = api.post("/api/v1/runs", admin, Map.of("pipeline", "elec2-train")).json().path("run_id").asText();
                assertThat(api.eventsToEnd(train, admin).getLast().data().path("status").asText()).isEqualTo("succeeded");

                // min_rows is every row sent, so only checks over all of them alarm, and they all see the same drift
                Api.Reply served = api.post("/api/v1/serving", admin, Map.of("model", "elec2", "check", "300ms",
                        "min_rows", 2000, "retrain", "drift-notify"));
                assertThat(served.status()).as(served.text()).isEqualTo(201);
                List<String> rows = UnattendedLoopTest.requests(UnattendedLoopTest.EXAMPLE.resolve("data/late.csv")).subList(0, 2000);
                UnattendedLoopTest.Http model = new UnattendedLoopTest.Http(served.json().path("port").asInt());
                for (int from = 0; from < rows.size(); from += 100) {
                    model.post("/v1/models/elec2/predict", "{\"rows\": [" + String.join(",", rows.subList(from, from + 100)) + "]}");
                }

                DriftAlarm first = heard.poll(5, TimeUnit.MINUTES); // a deadline only so a broken check ends the test
                assertThat(first).as("an alarm").isNotNull();
                assertThat(first.repeated()).isFalse();
                assertThat(first.action()).isEqualTo(DriftAlarm.RETRAINING);
                DriftAlarm again = heard.poll(5, TimeUnit.MINUTES);
                assertThat(again).as("the next check's alarm").isNotNull();
                assertThat(again.repeated()).as("the same drift again").isTrue();
                DriftAlarm third = heard.poll(5, TimeUnit.MINUTES);
                assertThat(third).as("one more check's alarm").isNotNull();
                assertThat(third.repeated()).isTrue();

                // every delivery queued so far has ended once both sender threads hold a barrier delivery at once
                List<NotifyRule> barrierRule = NotifyRules.of("notify: [{on: drift, webhook: \"" + base + "/barrier\"}]");
                for (int i = 0; i < 2; i++) {
                    server.notifier().send(barrierRule, new Notification(NotifyRule.Event.DRIFT, "barrier", Optional.empty(),
                            "drift", "barrier " + i, Instant.now()));
                }
                assertThat(barrier.await(2, TimeUnit.MINUTES)).as("both barrier deliveries arrived").isTrue();

                assertThat(drift).as("one notification for the drift, none for its repeats").hasSize(1);
                JsonNode n = drift.getFirst();
                assertThat(n.path("event").asText()).isEqualTo("drift");
                assertThat(n.path("pipeline").asText()).isEqualTo("drift-notify");
                assertThat(n.path("text").asText()).isEqualTo("drift alarm for pipeline drift-notify: " + first.describe());
            }
        } finally {
            receiver.stop(0);
        }
    }

    private static void handle(HttpExchange x, List<JsonNode> drift, CountDownLatch barrier) throws IOException {
        String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (x.getRequestURI().getPath().equals("/barrier")) {
            barrier.countDown();
            try {
                barrier.await(2, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            drift.add(JSON.readTree(body));
        }
        x.sendResponseHeaders(200, -1);
        x.close();
    }
}
