package dev.sluice.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Approve steps through the server's API: a run waits (status {@code waiting}, its events say so), a viewer may not
 * decide, an operator approves or rejects as themselves, the decision is in the run's answer and the audit log, and
 * the waiting run is woken by it.
 */
@Timeout(120)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApprovalApiTest {
    ServerFixture f;
    String viewer;
    String operator;
    com.sun.net.httpserver.HttpServer receiver;
    final java.util.concurrent.BlockingQueue<JsonNode> notified = new java.util.concurrent.LinkedBlockingQueue<>();

    @BeforeAll
    void start(@TempDir Path tmp) throws IOException {
        Path extra = Files.createDirectories(tmp.resolve("approvals"));
        try (InputStream in = ApprovalApiTest.class.getResourceAsStream("/approvals/release.yaml")) {
            Files.copy(in, extra.resolve("release.yaml"));
        }
        receiver = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", x -> {
            notified.add(Api.JSON.readTree(x.getRequestBody().readAllBytes()));
            x.sendResponseHeaders(204, -1);
            x.close();
        });
        receiver.start();
        Files.writeString(extra.resolve("notified.yaml"), """
                pipeline: notified
                notify: [{on: [waiting, failed], webhook: "http://127.0.0.1:%d/hook"}]
                steps:
                  gate: {uses: approve}
                """.formatted(receiver.getAddress().getPort()));
        f = new ServerFixture(tmp, c -> {
            List<Path> dirs = new ArrayList<>(c.pipelineDirs());
            dirs.add(extra);
            return c.withPipelineDirs(dirs);
        });
        viewer = f.token("watcher", "viewer");
        operator = f.token("release-manager", "operator");
    }

    @AfterAll
    void stop() {
        f.close();
        receiver.stop(0);
    }

    @Test
    void aPipelinesNotifyRulesReportItsWaitingStepAndItsFailure() throws InterruptedException {
        String id = f.submit("notified", Map.of());
        JsonNode waiting = notified.poll(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(waiting).as("a waiting notification").isNotNull();
        assertThat(waiting.path("event").asText()).isEqualTo("waiting");
        assertThat(waiting.path("run_id").asText()).isEqualTo(id);
        assertThat(waiting.path("text").asText()).contains("sluice approve " + id + " gate");

        assertThat(f.api.post("/api/v1/runs/" + id + "/steps/gate/reject", operator, Map.of()).status()).isEqualTo(200);
        JsonNode failed = notified.poll(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(failed).as("a failed notification").isNotNull();
        assertThat(failed.path("event").asText()).isEqualTo("failed");
        assertThat(failed.path("status").asText()).isEqualTo("failed");
    }

    /** Queues a release and returns its id once its step gate waits (bounded by the test's timeout). */
    private String waitingRelease() {
        String id = f.submit("release", Map.of());
        List<Api.Event> events = f.api.events(id, f.admin, null, e -> e.type().equals("step_waiting") || e.type().equals("run_finished"));
        assertThat(events.getLast().type()).as("the run should wait at gate: " + events).isEqualTo("step_waiting");
        assertThat(events.getLast().data().path("step").asText()).isEqualTo("gate");
        return id;
    }

    private JsonNode stepNamed(String run, String step) {
        for (JsonNode s : f.api.get("/api/v1/runs/" + run + "/steps", f.admin).json().path("steps")) {
            if (s.path("name").asText().equals(step)) return s;
        }
        throw new AssertionError("no step " + step + " in run " + run);
    }

    @Test
    void anOperatorApprovesAWaitingRunAndItFinishesAViewerMayNot() {
        String id = waitingRelease();
        assertThat(stepNamed(id, "gate").path("status").asText()).isEqualTo("waiting");

        Api.Reply denied = f.api.post("/api/v1/runs/" + id + "/steps/gate/approve", viewer, Map.of());
        assertThat(denied.status()).isEqualTo(403);
        Api.Reply noStep = f.api.post("/api/v1/runs/" + id + "/steps/nope/approve", operator, Map.of());
        assertThat(noStep.status()).isEqualTo(404);
        Api.Reply notWaiting = f.api.post("/api/v1/runs/" + id + "/steps/build/approve", operator, Map.of());
        assertThat(notWaiting.status()).isEqualTo(409);
        assertThat(notWaiting.json().path("detail").asText()).contains("does not wait for a decision (it is ");

        Api.Reply ok = f.api.post("/api/v1/runs/" + id + "/steps/gate/approve", operator, Map.of("comment", "ship it"));
        assertThat(ok.status()).as(ok.text()).isEqualTo(200);
        assertThat(ok.json().path("decision").asText()).isEqualTo("approved");
        assertThat(ok.json().path("by").asText()).isEqualTo("release-manager");

        List<Api.Event> rest = f.api.eventsToEnd(id, f.admin);
        assertThat(rest.getLast().data().path("status").asText()).isEqualTo("succeeded");
        JsonNode run = f.api.get("/api/v1/runs/" + id, viewer).json();
        assertThat(run.path("status").asText()).isEqualTo("succeeded");
        assertThat(run.path("approvals").get(0).path("comment").asText()).isEqualTo("ship it");
        assertThat(run.path("approvals").get(0).path("by").asText()).isEqualTo("release-manager");

        Api.Reply again = f.api.post("/api/v1/runs/" + id + "/steps/gate/reject", operator, Map.of());
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("approval").path("decision").asText()).isEqualTo("approved");

        JsonNode audit = f.api.get("/api/v1/audit?action=run.approve", f.admin).json().path("entries");
        assertThat(audit).anySatisfy(e -> {
            assertThat(e.path("actor").asText()).isEqualTo("release-manager");
            assertThat(e.toString()).contains("approved step gate: ship it");
        });
    }

    @Test
    void aRejectionFailsTheRunAndBlocksWhatFollows() {
        String id = waitingRelease();

        Api.Reply rejected = f.api.post("/api/v1/runs/" + id + "/steps/gate/reject", operator, Map.of("comment", "not today"));
        assertThat(rejected.status()).as(rejected.text()).isEqualTo(200);

        List<Api.Event> rest = f.api.eventsToEnd(id, f.admin);
        assertThat(rest.getLast().data().path("status").asText()).isEqualTo("failed");
        assertThat(stepNamed(id, "gate").path("error").asText()).startsWith("rejected by release-manager").endsWith(": not today");
        assertThat(stepNamed(id, "ship").path("status").asText()).isEqualTo("blocked");
    }
}
