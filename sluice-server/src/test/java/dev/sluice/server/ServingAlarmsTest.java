package dev.sluice.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.server.serving.DriftAlarm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drift alarms of served models without retraining: a model served without {@code retrain} raises alarms that
 * listeners hear and that start nothing; a check of fewer rows than {@code min_rows} is stored but raises none. Two
 * servings of elec2 (the champion and its version 1) read the same prediction log. Each check that drifts alarms;
 * one with the drift of the previous alarm says it repeats it.
 */
class ServingAlarmsTest {
    @TempDir Path tmp;

    @Test
    void withoutRetrainAnAlarmIsHeardAndStartsNothingAndTooFewRowsRaiseNone() throws Exception {
        ServerConfig config = ServerConfig.defaults(tmp.resolve("home")).withPort(0).withRunSlots(1).withStepWorkers(2)
                .withPipelineDirs(List.of(UnattendedLoopTest.EXAMPLE)).withGrace(Duration.ofSeconds(5));
        try (SluiceServer server = SluiceServer.start(config)) {
            Api api = new Api(server.port());
            String admin = server.firstToken().orElseThrow().token();
            LinkedBlockingQueue<DriftAlarm> heard = new LinkedBlockingQueue<>();
            server.serving().onAlarm(heard::add);
            server.serving().onAlarm(a -> {
                throw new IllegalStateException("a listener that fails is logged and does not stop the others");
            });
            String train = api.post("/api/v1/runs", admin, Map.of("pipeline", "elec2-train")).json().path("run_id").asText();
            assertThat(api.eventsToEnd(train, admin).getLast().data().path("status").asText()).isEqualTo("succeeded");

            Api.Reply champion = api.post("/api/v1/serving", admin, Map.of("model", "elec2", "check", "300ms", "min_rows", 1000));
            assertThat(champion.status()).as(champion.text()).isEqualTo(201);
            assertThat(champion.json().path("retrain").isNull()).isTrue();
            Api.Reply pinned = api.post("/api/v1/serving", admin, Map.of("model", "elec2@1", "check", "300ms", "min_rows", 3000));
            assertThat(pinned.status()).as(pinned.text()).isEqualTo(201);

            // 2,000 rows of the later period: enough for the champion's min_rows, not for the pinned one's
            List<String> rows = UnattendedLoopTest.requests(UnattendedLoopTest.EXAMPLE.resolve("data/late.csv")).subList(0, 2000);
            UnattendedLoopTest.Http model = new UnattendedLoopTest.Http(champion.json().path("port").asInt());
            for (int from = 0; from < rows.size(); from += 100) {
                model.post("/v1/models/elec2/predict", "{\"rows\": [" + String.join(",", rows.subList(from, from + 100)) + "]}");
            }

            DriftAlarm alarm = heard.poll(5, TimeUnit.MINUTES); // a deadline only so a broken check ends the test
            assertThat(alarm).as("an alarm").isNotNull();
            assertThat(alarm.served()).isEqualTo("elec2@champion");
            assertThat(alarm.action()).isEqualTo(DriftAlarm.ALARM_ONLY);
            assertThat(alarm.runId()).isEmpty();
            assertThat(alarm.report().window().rows()).isGreaterThanOrEqualTo(1000);
            assertThat(alarm.describe()).startsWith("elec2@1 drifted on ");
            assertThat(api.get("/api/v1/drift-reports/" + alarm.artifact(), admin).json().path("retraining_runs")).isEmpty();
            assertThat(alarm.repeated()).isFalse();
            DriftAlarm whole = alarm;
            while (whole.report().window().rows() < 2000) whole = heard.poll(5, TimeUnit.MINUTES); // every row logged
            DriftAlarm again = heard.poll(5, TimeUnit.MINUTES);
            assertThat(again).as("the next check's alarm").isNotNull();
            assertThat(again.artifact()).isNotEqualTo(whole.artifact());
            assertThat(again.drifted()).isEqualTo(whole.drifted());
            assertThat(again.repeated()).as("the same drift again").isTrue();

            JsonNode served = awaitCheckedWith(api, admin, "elec2@1", 2000);
            assertThat(served.path("last_check").path("status").asText()).isEqualTo("drift");
            assertThat(served.path("last_check").path("detail").asText()).endsWith("(fewer than min_rows=3000 rows: no alarm yet)");
            assertThat(served.path("last_alarm").isNull()).isTrue();
            assertThat(heard).allSatisfy(a -> assertThat(a.served()).isEqualTo("elec2@champion"));
            assertThat(api.get("/api/v1/runs?trigger=drift", admin).json().path("runs")).isEmpty();
        }
    }

    /** Polls {@code GET /api/v1/serving} until the model's last check read {@code rows} rows. */
    private static JsonNode awaitCheckedWith(Api api, String token, String model, int rows) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (true) {
            for (JsonNode m : api.get("/api/v1/serving", token).json().path("served")) {
                if (m.path("model").asText().equals(model) && m.path("last_check").path("detail").asText().startsWith(rows + " rows")) {
                    return m;
                }
            }
            assertThat(System.nanoTime()).as("a check of %s over %d rows", model, rows).isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
