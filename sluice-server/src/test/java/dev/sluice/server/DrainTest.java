package dev.sluice.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server stopped with SIGTERM while a run waits: after its grace period it exits, the run reads interrupted with
 * what it finished kept, and a server started again on the workspace closes it and resumes it to the end.
 */
class DrainTest {
    @Test
    void sigtermLeavesARunningRunInterruptedAndTheNextServerResumesIt(@TempDir Path tmp) throws Exception {
        Path home = tmp.resolve("home");
        Path pipelines = ServerFixture.copyPipelines(tmp.resolve("pipelines"));
        Path gate = tmp.resolve("gate");
        String runId;
        try (ChildServer first = new ChildServer(home, pipelines, 1, 1, Map.of())) {
            String token = ChildServer.adminToken(home);
            runId = first.api.post("/api/v1/runs", token, Map.of("pipeline", "gate", "params", Map.of("gate", gate.toString())))
                    .json().path("run_id").asText();
            first.api.events(runId, token, null, e -> e.type().equals("step_started"));
            assertThat(first.stop()).as("exit code after SIGTERM (128 + 15)").isEqualTo(143);
            assertThat(first.output()).contains("sluice server: stopping; 1 run(s) going, waiting up to 1 s for them")
                    .contains("sluice server: stopped; left interrupted (resume each with POST /api/v1/runs/RUN/resume): " + runId);
        }
        try (ChildServer second = new ChildServer(home, pipelines, 1, 1, Map.of())) {
            String token = ChildServer.adminToken(home);
            assertThat(second.api.get("/api/v1/runs/" + runId, token).json().path("status").asText()).isEqualTo("interrupted");
            List<Api.Event> events = second.api.eventsToEnd(runId, token);
            assertThat(events.getLast().data().path("status").asText()).isEqualTo("interrupted");
            JsonNode resumed = second.api.post("/api/v1/runs/" + runId + "/resume", token, null).json();
            String next = resumed.path("run_id").asText();
            second.api.events(next, token, null, e -> e.type().equals("step_started"));
            Files.writeString(gate, "open");
            assertThat(second.api.eventsToEnd(next, token).getLast().data().path("status").asText()).isEqualTo("succeeded");
            assertThat(second.api.get("/api/v1/runs/" + next, token).json().path("resumed_from").asText()).isEqualTo(runId);
            assertThat(second.stop()).isEqualTo(143);
            assertThat(second.output()).contains("sluice server: stopped\n");
        }
    }
}
