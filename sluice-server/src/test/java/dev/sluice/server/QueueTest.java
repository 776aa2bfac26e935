package dev.sluice.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.api.RunStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The run queue with one run slot: queued runs, cancelling, resuming, concurrency policies and fairness. */
class QueueTest {
    @TempDir
    Path tmp;

    private ServerFixture oneSlot() {
        return new ServerFixture(tmp, c -> c.withRunSlots(1));
    }

    /** Starts a gate run and waits until its command step runs (the only slot is then taken). */
    private static String blockSlot(ServerFixture f, Path gate) {
        String id = f.submit("gate", Map.of("gate", gate.toString()));
        f.api.events(id, f.admin, null, e -> e.type().equals("step_started"));
        return id;
    }

    private static String status(ServerFixture f, String id) {
        return f.api.get("/api/v1/runs/" + id, f.admin).json().path("status").asText();
    }

    @Test
    void aRunWaitsQueuedUntilASlotFreesAndSluiceShowSeesItQueued() throws IOException {
        try (ServerFixture f = oneSlot()) {
            Path gate = tmp.resolve("gate-open");
            String blocker = blockSlot(f, gate);
            String waiting = f.submit("chain", Map.of("n", 1));
            assertThat(status(f, waiting)).isEqualTo("queued");
            assertThat(f.server.workspace().metadata().queries().run(waiting).orElseThrow().state()).isEqualTo(RunStatus.QUEUED);
            JsonNode queued = f.api.get("/api/v1/runs?status=queued", f.admin).json().path("runs");
            assertThat(queued).extracting(r -> r.path("run_id").asText()).containsExactly(waiting);
            Files.writeString(gate, "open");
            assertThat(f.api.eventsToEnd(blocker, f.admin).getLast().data().path("status").asText()).isEqualTo("succeeded");
            assertThat(f.api.eventsToEnd(waiting, f.admin).getLast().data().path("status").asText()).isEqualTo("succeeded");
        }
    }

    @Test
    void cancelsAQueuedRunAtOnceAndARunningOneThroughItsExecutor() {
        try (ServerFixture f = oneSlot()) {
            String running = blockSlot(f, tmp.resolve("never"));
            String queued = f.submit("chain", Map.of("n", 2));
            Api.Reply q = f.api.post("/api/v1/runs/" + queued + "/cancel", f.admin, null);
            assertThat(q.status()).isEqualTo(200);
            assertThat(q.json().path("status").asText()).isEqualTo("cancelled");
            assertThat(f.api.eventsToEnd(queued, f.admin)).extracting(Api.Event::type).containsExactly("run_queued", "run_finished");
            assertThat(f.server.workspace().metadata().queries().run(queued).orElseThrow().state()).isEqualTo(RunStatus.CANCELLED);

            Api.Reply r = f.api.post("/api/v1/runs/" + running + "/cancel", f.admin, null);
            assertThat(r.status()).isEqualTo(202);
            List<Api.Event> events = f.api.eventsToEnd(running, f.admin);
            assertThat(events.getLast().data().path("status").asText()).isEqualTo("cancelled");
            assertThat(events).extracting(Api.Event::type).contains("step_cancelled");
            Api.Reply again = f.api.post("/api/v1/runs/" + running + "/cancel", f.admin, null);
            assertThat(again.status()).isEqualTo(409);
            assertThat(again.json().path("error").asText()).isEqualTo("finished");
        }
    }

    @Test
    void aCancelledRunIsResumedReusingItsFinishedStepsWithItsParameters() throws IOException {
        try (ServerFixture f = oneSlot()) {
            Path gate = tmp.resolve("resume-gate");
            String first = blockSlot(f, gate);
            f.api.post("/api/v1/runs/" + first + "/cancel", f.admin, null);
            f.api.eventsToEnd(first, f.admin);
            Api.Reply resumed = f.api.post("/api/v1/runs/" + first + "/resume", f.admin, null);
            assertThat(resumed.status()).isEqualTo(201);
            String second = resumed.json().path("run_id").asText();
            assertThat(resumed.json().path("resume_of").asText()).isEqualTo(first);
            f.api.events(second, f.admin, null, e -> e.type().equals("step_started"));
            Files.writeString(gate, "open");
            assertThat(f.api.eventsToEnd(second, f.admin).getLast().data().path("status").asText()).isEqualTo("succeeded");
            JsonNode run = f.api.get("/api/v1/runs/" + second, f.admin).json();
            assertThat(run.path("resumed_from").asText()).isEqualTo(first);
            assertThat(run.path("parameters").path("gate").asText()).isEqualTo(gate.toString());
        }
    }

    @Test
    void concurrencySkipRefusesARunBeyondTheLimitAndCancelPreviousMakesRoom() throws IOException {
        try (ServerFixture f = oneSlot()) {
            Files.writeString(f.pipelines.resolve("skip.yaml"), Files.readString(f.pipelines.resolve("gate.yaml"))
                    .replace("pipeline: gate", "pipeline: only-one\nconcurrency: {max: 1, policy: skip}"));
            Files.writeString(f.pipelines.resolve("newest.yaml"), Files.readString(f.pipelines.resolve("gate.yaml"))
                    .replace("pipeline: gate", "pipeline: newest\nconcurrency: {max: 1, policy: cancel_previous}"));
            Path gate = tmp.resolve("policy-gate");
            String first = f.submit("only-one", Map.of("gate", gate.toString()));
            Api.Reply skipped = f.api.post("/api/v1/runs", f.admin, Map.of("pipeline", "only-one", "params", Map.of("gate", gate.toString())));
            assertThat(skipped.status()).isEqualTo(409);
            assertThat(skipped.json().path("error").asText()).isEqualTo("skipped");
            assertThat(skipped.json().path("detail").asText()).isEqualTo("pipeline 'only-one' already has 1 run(s) queued or"
                    + " running (concurrency: {max: 1, policy: skip}); this run was not queued");

            String old = f.submit("newest", Map.of("gate", gate.toString(), "tag", "old"));
            String young = f.submit("newest", Map.of("gate", gate.toString(), "tag", "young"));
            assertThat(f.api.eventsToEnd(old, f.admin).getLast().data().path("error").asText())
                    .isEqualTo("cancelled to make room for a newer run (concurrency: {max: 1, policy: cancel_previous})");
            Files.writeString(gate, "open");
            assertThat(f.api.eventsToEnd(first, f.admin).getLast().data().path("status").asText()).isEqualTo("succeeded");
            assertThat(f.api.eventsToEnd(young, f.admin).getLast().data().path("status").asText()).isEqualTo("succeeded");
        }
    }

    @Test
    void aQueuePolicyLimitKeepsTheSecondRunWaitingWhileSlotsAreFree() throws IOException {
        try (ServerFixture f = new ServerFixture(tmp, c -> c.withRunSlots(3))) {
            Files.writeString(f.pipelines.resolve("serial.yaml"), Files.readString(f.pipelines.resolve("gate.yaml"))
                    .replace("pipeline: gate", "pipeline: serial\nconcurrency: {max: 1}"));
            Path gate = tmp.resolve("serial-gate");
            String first = f.submit("serial", Map.of("gate", gate.toString()));
            f.api.events(first, f.admin, null, e -> e.type().equals("step_started"));
            String second = f.submit("serial", Map.of("gate", gate.toString(), "tag", "b"));
            String other = f.submit("chain", Map.of("n", 7));
            assertThat(f.api.eventsToEnd(other, f.admin).getLast().data().path("status").asText()).isEqualTo("succeeded");
            assertThat(status(f, second)).isEqualTo("queued");
            Files.writeString(gate, "open");
            assertThat(f.api.eventsToEnd(second, f.admin).getLast().data().path("status").asText()).isEqualTo("succeeded");
        }
    }

    @Test
    void onePipelinesManyQueuedRunsDoNotStarveAnother() throws IOException {
        try (ServerFixture f = oneSlot()) {
            Path gate = tmp.resolve("fair-gate");
            String blocker = blockSlot(f, gate);
            List<String> many = new ArrayList<>();
            for (int i = 0; i < 30; i++) many.add(f.submit("chain", Map.of("n", 1000 + i)));
            String other = f.submit("tiny-model", Map.of());
            Files.writeString(gate, "open");
            f.api.eventsToEnd(other, f.admin);
            f.api.eventsToEnd(blocker, f.admin);
            // one slot: runs start one after the other; the other pipeline's run is claimed right after one of chain's
            List<String> order = f.server.workspace().metadata().sql().read(c -> dev.sluice.server.sql.Sql.list(c,
                    "SELECT run_id FROM server_queue WHERE claimed_at IS NOT NULL ORDER BY claimed_at, run_id", rs -> rs.getString(1)));
            assertThat(order.indexOf(other)).isBetween(1, 3);
            for (String id : many) f.api.post("/api/v1/runs/" + id + "/cancel", f.admin, null);
        }
    }
}
