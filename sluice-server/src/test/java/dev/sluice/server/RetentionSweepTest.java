package dev.sluice.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.pipeline.Retention;
import dev.sluice.server.sql.Sql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server applies retention on its own, every few hundred milliseconds here: old runs go with their queue entries
 * and event streams, a pinned run stays, and the audit log keeps everything, the sweep included.
 */
class RetentionSweepTest {
    @Test
    void theServerDeletesOldRunsOnItsOwnKeepsThePinnedOneAndTheAuditLog(@TempDir Path tmp) throws Exception {
        RetentionSchedule every300ms = new RetentionSchedule(Optional.of(Retention.last(2)), Duration.ofMillis(300));
        try (ServerFixture f = new ServerFixture(tmp, c -> c, every300ms)) {
            String operator = f.token("ops", "operator");
            List<String> ids = new ArrayList<>();
            ids.add(f.submit("chain", Map.of("n", 1)));
            Api.Reply pinned = f.api.post("/api/v1/runs/" + ids.getFirst() + "/pin", operator, Map.of());
            assertThat(pinned.status()).as(pinned.text()).isEqualTo(200);
            assertThat(pinned.json().path("pinned").asBoolean()).isTrue();
            assertThat(pinned.json().path("pinned_by").asText()).isEqualTo("ops");
            for (int n = 2; n <= 5; n++) ids.add(f.submit("chain", Map.of("n", n)));

            awaitRuns(f, 3);

            List<String> left = runIds(f);
            assertThat(left).containsExactlyInAnyOrder(ids.get(0), ids.get(3), ids.get(4));
            for (String gone : List.of(ids.get(1), ids.get(2))) {
                assertThat(f.api.get("/api/v1/runs/" + gone, f.admin).status()).isEqualTo(404);
                assertThat(rows(f, "SELECT COUNT(*) FROM server_queue WHERE run_id = ?", gone)).isZero();
                assertThat(rows(f, "SELECT COUNT(*) FROM server_run_events WHERE run_id = ?", gone)).isZero();
                assertThat(rows(f, "SELECT COUNT(*) FROM step_runs WHERE run_id = ?", gone)).isZero();
                awaitGone(f.home.resolve("runs").resolve(gone));
                assertThat(rows(f, "SELECT COUNT(*) FROM server_audit WHERE target = ? AND action = 'run.start'", gone))
                        .as("the audit log is never pruned").isEqualTo(1);
            }
            assertThat(rows(f, "SELECT COUNT(*) FROM server_run_events WHERE run_id = ?", ids.get(4))).isPositive();
            assertThat(f.api.get("/api/v1/runs/" + ids.getFirst(), f.admin).json().path("pinned").asBoolean()).isTrue();
            assertThat(f.api.get("/api/v1/runs/" + ids.get(4), f.admin).json().path("pinned").asBoolean()).isFalse();
            JsonNode sweeps = f.api.get("/api/v1/audit?action=retention.sweep", f.admin).json().path("entries");
            assertThat(sweeps.toString()).contains(ids.get(1), ids.get(2));

            Api.Reply unpinned = f.api.post("/api/v1/runs/" + ids.getFirst() + "/unpin", operator, Map.of());
            assertThat(unpinned.json().path("pinned").asBoolean()).isFalse();
            assertThat(unpinned.json().path("changed").asBoolean()).isTrue();
            awaitRuns(f, 2);
            assertThat(runIds(f)).containsExactlyInAnyOrder(ids.get(3), ids.get(4));
        }
    }

    private static List<String> runIds(ServerFixture f) {
        List<String> out = new ArrayList<>();
        f.api.get("/api/v1/runs?limit=100", f.admin).json().path("runs").forEach(r -> out.add(r.path("run_id").asText()));
        return out;
    }

    /** Waits (polling the API) until the workspace has {@code n} runs, all ended. */
    private static void awaitRuns(ServerFixture f, int n) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            JsonNode runs = f.api.get("/api/v1/runs?limit=100", f.admin).json().path("runs");
            boolean ended = true;
            for (JsonNode r : runs) ended &= !List.of("queued", "running").contains(r.path("status").asText());
            if (runs.size() == n && ended) return;
            Thread.sleep(100);
        }
        throw new AssertionError("the workspace never had " + n + " ended runs: " + runIds(f));
    }

    /** Waits until a run folder is deleted: the sweep deletes the rows first, then the folders. */
    private static void awaitGone(Path folder) throws InterruptedException {
        for (int i = 0; i < 300 && Files.exists(folder); i++) Thread.sleep(100);
        assertThat(folder).as("the sweep removes the run folder").doesNotExist();
    }

    private static long rows(ServerFixture f, String sql, String runId) {
        return f.server.workspace().metadata().sql().read(c -> Sql.first(c, sql, rs -> rs.getLong(1), runId)).orElse(0L);
    }
}
