package dev.sluice.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.api.RunStatus;
import dev.sluice.meta.RunRow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The API on a real server over HTTP: pipelines, runs, events, steps, DAG and the JSON errors. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerApiTest {
    ServerFixture f;

    @BeforeAll
    void start(@TempDir Path tmp) {
        f = new ServerFixture(tmp);
    }

    @AfterAll
    void stop() {
        f.close();
    }

    @Test
    void registersThePipelinesOfItsFoldersAndListsInvalidFilesWithTheirProblems() {
        JsonNode body = f.api.get("/api/v1/pipelines", f.admin).json();
        List<String> names = new ArrayList<>();
        body.path("pipelines").forEach(p -> names.add(p.path("name").asText()));
        assertThat(names).containsExactly("chain", "gate", "tiny-model");
        assertThat(body.path("invalid")).hasSize(1);
        assertThat(body.path("invalid").get(0).path("problems").get(0).path("text").asText()).isEqualTo(
                f.pipelines.resolve("broken.yaml") + ":3:46: unknown key 'inputz' in step 'load'. Did you mean 'inputs'?");
        Api.Reply broken = f.api.get("/api/v1/pipelines/broken", f.admin);
        assertThat(broken.status()).isEqualTo(404);
        assertThat(broken.json().path("error").asText()).isEqualTo("unknown_pipeline");
        JsonNode gate = f.api.get("/api/v1/pipelines/gate", f.admin).json();
        assertThat(gate.path("params").get(0).path("name").asText()).isEqualTo("gate");
        assertThat(gate.path("params").get(0).path("required").asBoolean()).isTrue();
    }

    @Test
    void aRunIsQueuedRecordedLikeSluiceRunAndStreamedEventByEvent() {
        String version = f.api.get("/api/v1/pipelines/chain", f.admin).json().path("version").asText();
        Api.Reply submitted = f.api.post("/api/v1/runs", f.admin, Map.of("pipeline", "chain", "params", Map.of("n", 11)));
        assertThat(submitted.status()).isEqualTo(201);
        String id = submitted.json().path("run_id").asText();
        assertThat(submitted.json().path("status").asText()).isEqualTo("queued");

        List<Api.Event> events = f.api.eventsToEnd(id, f.admin);
        assertThat(events).extracting(Api.Event::id).containsExactlyElementsOf(
                LongStream.rangeClosed(1, events.size()).boxed().toList());
        assertThat(events.getFirst().type()).isEqualTo("run_queued");
        assertThat(events.get(1).type()).isEqualTo("run_started");
        assertThat(events).extracting(Api.Event::type).filteredOn("step_succeeded"::equals).hasSize(10);
        assertThat(events.getLast().data().path("status").asText()).isEqualTo("succeeded");

        JsonNode run = f.api.get("/api/v1/runs/" + id, f.admin).json();
        assertThat(run.path("status").asText()).isEqualTo("succeeded");
        assertThat(run.path("version").asText()).isEqualTo(version);
        assertThat(run.path("submitted_by").asText()).isEqualTo("admin");
        assertThat(run.path("parameters").path("n").asLong()).isEqualTo(11);
        assertThat(run.path("steps").path("succeeded").asInt()).isEqualTo(10);
        assertThat(f.api.get("/api/v1/runs/" + id + "/steps", f.admin).json().path("steps")).hasSize(10);
        RunRow recorded = f.server.workspace().metadata().queries().run(id).orElseThrow();
        assertThat(recorded.state()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(recorded.pipelineName()).isEqualTo("chain");
    }

    @Test
    void aClientReconnectingWithLastEventIdMissesNothing() {
        String id = f.submit("chain", Map.of("n", 12));
        List<Api.Event> whole = f.api.eventsToEnd(id, f.admin);
        List<Api.Event> first = f.api.events(id, f.admin, null, e -> e.id() == 5);
        List<Api.Event> rest = f.api.events(id, f.admin, 5L, e -> e.type().equals("run_finished"));
        List<Api.Event> joined = new ArrayList<>(first);
        joined.addAll(rest);
        assertThat(joined).extracting(Api.Event::id).containsExactlyElementsOf(whole.stream().map(Api.Event::id).toList());
        assertThat(joined).extracting(e -> e.data().toString()).containsExactlyElementsOf(
                whole.stream().map(e -> e.data().toString()).toList());
    }

    @Test
    void aSecondServerOnATakenPortSaysSoAndStartsNothing() {
        ServerConfig taken = ServerConfig.defaults(f.root.resolve("other-home")).withPort(f.server.port());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SluiceServer.start(taken))
                .isInstanceOf(SluiceServer.CannotListenException.class)
                .hasMessage("cannot listen on 127.0.0.1:" + f.server.port() + ": the address is in use (another server?) or not"
                        + " available here; choose another --port or --host");
        assertThat(f.api.get("/api/v1/health", null).status()).isEqualTo(200);
    }

    @Test
    void theDagHasAPlaceForEveryStepInstance() {
        JsonNode dag = f.api.get("/api/v1/pipelines/chain/dag", f.admin).json();
        assertThat(dag.path("nodes")).hasSize(10);
        assertThat(dag.path("columns").asInt()).isEqualTo(10);
        assertThat(dag.path("nodes").get(0).path("name").asText()).isEqualTo("s0");
        assertThat(dag.path("nodes").get(0).path("column").asInt()).isZero();
        assertThat(dag.path("nodes").get(9).path("column").asInt()).isEqualTo(9);
        assertThat(dag.path("nodes").get(9).path("uses").asText()).isEqualTo("count");
        assertThat(dag.path("edges")).hasSize(9);
    }

    @Test
    void badRequestsGetJsonErrorsWithTheRightStatus() {
        Api.Reply noRoute = f.api.get("/api/v1/nothing-here", f.admin);
        assertThat(noRoute.status()).isEqualTo(404);
        assertThat(noRoute.json().path("error").asText()).isEqualTo("not_found");
        Api.Reply wrongMethod = f.api.delete("/api/v1/runs", f.admin);
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.header("Allow")).isEqualTo("GET, POST");
        Api.Reply badJson = f.api.post("/api/v1/runs", f.admin, "{\"pipeline\": ");
        assertThat(badJson.status()).isEqualTo(400);
        assertThat(badJson.json().path("detail").asText()).startsWith("the request body is not valid JSON");
        Api.Reply badParam = f.api.post("/api/v1/runs", f.admin, Map.of("pipeline", "chain", "params", Map.of("n", "many", "m", 1)));
        assertThat(badParam.status()).isEqualTo(400);
        assertThat(badParam.json().path("error").asText()).isEqualTo("invalid_pipeline");
        assertThat(badParam.json().path("problems")).extracting(p -> p.path("text").asText()).containsExactlyInAnyOrder(
                "-p n: n must be an int, got 'many'. Expected int.",
                "-p m: unknown pipeline parameter 'm'. Did you mean 'n'?");
        Api.Reply unknown = f.api.post("/api/v1/runs", f.admin, Map.of("pipeline", "chian"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("detail").asText()).isEqualTo(
                "no pipeline 'chian' is registered; registered: chain, gate, tiny-model");
        Api.Reply noRun = f.api.get("/api/v1/runs/19990101-000000-0000", f.admin);
        assertThat(noRun.status()).isEqualTo(404);
        assertThat(noRun.json().path("detail").asText()).isEqualTo("no run '19990101-000000-0000'; list the runs with GET /api/v1/runs");
        Api.Reply big = f.api.post("/api/v1/runs", f.admin, "{\"pipeline\": \"" + "x".repeat(5 << 20) + "\"}");
        assertThat(big.status()).isEqualTo(413);
        assertThat(big.json().path("error").asText()).isEqualTo("too_large");
        for (Api.Reply r : List.of(noRoute, wrongMethod, badJson, badParam, unknown, noRun, big)) {
            assertThat(r.header("Content-Type")).isEqualTo("application/json");
            assertThat(r.text()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void runsArePagedNewestFirstWithACursorAndFilteredByPipelineAndStatus() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) ids.add(f.submit("chain", Map.of("n", 100 + i)));
        for (String id : ids) f.api.eventsToEnd(id, f.admin);
        List<String> seen = new ArrayList<>();
        List<String> started = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = f.api.get("/api/v1/runs?pipeline=chain&status=succeeded&limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor), f.admin).json();
            assertThat(page.path("runs").size()).isLessThanOrEqualTo(2);
            page.path("runs").forEach(r -> {
                seen.add(r.path("run_id").asText());
                started.add(r.path("started").asText());
            });
            cursor = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asText();
        } while (cursor != null);
        assertThat(seen).doesNotHaveDuplicates().containsAll(ids);
        List<java.time.Instant> times = started.stream().map(java.time.Instant::parse).toList();
        assertThat(times).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(f.api.get("/api/v1/runs?pipeline=gate", f.admin).json().path("runs")).isEmpty();
        assertThat(f.api.get("/api/v1/runs?status=sleeping", f.admin).status()).isEqualTo(400);
        String newest = times.getFirst().toString();
        assertThat(f.api.get("/api/v1/runs?pipeline=chain&since=" + newest, f.admin).json().path("runs"))
                .extracting(r -> r.path("run_id").asText()).containsExactly(seen.getFirst());
        assertThat(f.api.get("/api/v1/runs?pipeline=chain&until=" + newest + "&limit=500", f.admin).json().path("runs"))
                .extracting(r -> r.path("run_id").asText()).doesNotContain(seen.getFirst()).contains(seen.getLast());
        assertThat(f.api.get("/api/v1/runs?since=yesterday", f.admin).json().path("detail").asText())
                .isEqualTo("since=yesterday is not a time; write an ISO-8601 instant, e.g. 2026-12-07T00:00:00Z");
    }
}
