package dev.sluice.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.api.Problem;
import dev.sluice.yaml.YamlPipelineLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.sluice.server.SchedulesTest.T0;
import static dev.sluice.server.SchedulesTest.copy;
import static dev.sluice.server.SchedulesTest.runsBySchedule;
import static dev.sluice.server.SchedulesTest.start;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A schedule defined through the API on a registered pipeline, under the clock the test sets: validated like a file's
 * (a bad cron answers 400 with the loader's message), role-checked, listed with its source, each tick fires once (also
 * after a restart: it is stored), and its delete stops it; a file's schedule can be neither replaced nor deleted.
 */
class ApiSchedulesTest {
    static Map<String, Object> schedule(String name, String cron) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pipeline", "ticker");
        m.put("name", name);
        m.put("cron", cron);
        m.put("timezone", "UTC");
        m.put("catchup", "none");
        m.put("params", Map.of("at", "${schedule.time}"));
        return m;
    }

    @Test
    void aScheduleDefinedThroughTheApiTicksOnceAndStopsWhenDeleted(@TempDir Path tmp) throws Exception {
        FileClock clock = FileClock.at(tmp.resolve("clock"), T0);
        Path home = tmp.resolve("home");
        Path pipelines = copy(tmp.resolve("p"), "ticker.yaml");
        String admin;
        try (SluiceServer server = start(home, pipelines, clock)) {
            server.scheduling().scheduler().pass();
            Api api = new Api(server.port());
            admin = server.firstToken().orElseThrow().token();
            String viewer = api.post("/api/v1/tokens", admin, Map.of("name", "v", "role", "viewer")).json().path("token").asText();
            String operator = api.post("/api/v1/tokens", admin, Map.of("name", "ops", "role", "operator")).json().path("token").asText();

            assertThat(api.post("/api/v1/schedules", viewer, schedule("api-minute", "* * * * *")).status()).isEqualTo(403);

            Api.Reply bad = api.post("/api/v1/schedules", operator, schedule("api-minute", "61 * * * *"));
            assertThat(bad.status()).isEqualTo(400);
            List<Problem> fromFile = new YamlPipelineLoader().parse("""
                    pipeline: ticker
                    params: {at: {type: string, default: ""}}
                    schedules: [{name: api-minute, cron: "61 * * * *"}]
                    steps: {note: {uses: concat, with: {text: "x"}}}
                    """, "ticker.yaml", tmp).problems();
            assertThat(fromFile).hasSize(1);
            assertThat(bad.json().path("problems").get(0).path("message").asText()).isEqualTo(fromFile.getFirst().message())
                    .startsWith("invalid cron minute field '61'");
            assertThat(bad.json().path("detail").asText()).contains("invalid cron minute field '61'");
            Map<String, Object> unknownParam = schedule("api-minute", "* * * * *");
            unknownParam.put("params", Map.of("day", "x"));
            assertThat(api.post("/api/v1/schedules", operator, unknownParam).json().path("detail").asText())
                    .contains("schedule sets parameter 'day', but the pipeline has no such parameter");
            assertThat(api.post("/api/v1/schedules", operator, schedule("skip", "* * * * *")).status()).isEqualTo(409);

            Api.Reply created = api.post("/api/v1/schedules", operator, schedule("api-minute", "* * * * *"));
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            assertThat(created.json().path("source").asText()).isEqualTo("api");
            assertThat(created.json().path("next_tick").asText()).isEqualTo("2026-12-07T10:01:00Z");
            Map<String, String> sources = new LinkedHashMap<>();
            for (JsonNode s : api.get("/api/v1/schedules?pipeline=ticker", viewer).json().path("schedules")) {
                sources.put(s.path("name").asText(), s.path("source").asText());
            }
            assertThat(sources).isEqualTo(Map.of("skip", "file", "newest", "file", "every", "file", "api-minute", "api"));

            clock.set(Instant.parse("2026-12-07T10:01:00Z"));
            server.scheduling().scheduler().pass();
            clock.set(Instant.parse("2026-12-07T10:00:10Z")); // back before the tick
            server.scheduling().scheduler().pass();
            clock.set(Instant.parse("2026-12-07T10:01:20Z")); // and past it again
            server.scheduling().scheduler().pass();
            assertThat(runsBySchedule(server).get("api-minute")).containsExactly("2026-12-07T10:01:00Z");
        }
        // stored in the database: the restarted server still has it
        clock.set(Instant.parse("2026-12-07T10:02:00Z"));
        try (SluiceServer server = start(home, pipelines, clock)) {
            server.scheduling().scheduler().pass();
            assertThat(runsBySchedule(server).get("api-minute")).containsExactly("2026-12-07T10:01:00Z", "2026-12-07T10:02:00Z");
            Api api = new Api(server.port());
            Api.Reply fileOne = api.delete("/api/v1/schedules/ticker/skip", admin);
            assertThat(fileOne.status()).isEqualTo(409);
            assertThat(fileOne.json().path("detail").asText()).contains("edit the file");
            assertThat(api.delete("/api/v1/schedules/ticker/api-minute", admin).status()).isEqualTo(200);
            assertThat(api.delete("/api/v1/schedules/ticker/api-minute", admin).status()).isEqualTo(404);
            clock.set(Instant.parse("2026-12-07T10:03:00Z"));
            server.scheduling().scheduler().pass();
            Map<String, List<String>> runs = runsBySchedule(server);
            assertThat(runs.get("api-minute")).containsExactly("2026-12-07T10:01:00Z", "2026-12-07T10:02:00Z");
            assertThat(runs.get("skip")).contains("2026-12-07T10:03:00Z"); // the file's schedules go on
            assertThat(api.get("/api/v1/schedules?pipeline=ticker", admin).json().path("schedules")).hasSize(3);
            JsonNode defined = api.get("/api/v1/audit?action=schedule.define", admin).json().path("entries");
            assertThat(defined.findValuesAsText("outcome")).containsExactly("ok", "failed", "failed", "failed", "denied");
            JsonNode deleted = api.get("/api/v1/audit?action=schedule.delete", admin).json().path("entries");
            assertThat(deleted.findValuesAsText("outcome")).containsExactly("failed", "ok", "failed");
        }
    }
}
