package dev.sluice.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.meta.MetadataStore;
import dev.sluice.meta.MetadataStores;
import dev.sluice.server.auth.Role;
import dev.sluice.server.auth.Tokens;
import dev.sluice.server.sql.ServerTables;
import dev.sluice.server.sql.Sql;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two server processes on one PostgreSQL (the embedded one the metadata tests use) share the queue: every run is
 * claimed by exactly one of them and both claim; a server killed with SIGKILL leaves its run interrupted and the
 * other resumes it. Nothing secret (the database password, a secret environment value, a token) appears in their
 * output, in an answer, an event or the audit log.
 */
class TwoServersOnPostgresTest {
    private static final String DB_PASSWORD = "pg-password-7f3c9e1d";
    private static final String SECRET = "s3cr3t-value-0b5e2a";

    @Test
    void twoServersShareTheQueueClaimEachRunOnceAndResumeEachOthersRuns(@TempDir Path tmp) throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            String url = database(pg);
            Path home = tmp.resolve("home");
            Path pipelines = ServerFixture.copyPipelines(tmp.resolve("pipelines"));
            Files.writeString(pipelines.resolve("secret.yaml"), "pipeline: secretive\nsteps:\n  use:\n"
                    + "    run: [python3, -c, \"import os; assert os.environ['API_KEY'] == os.environ['SLUICE_TEST_SECRET']; print('used it')\"]\n"
                    + "    env: {API_KEY: \"${env.SLUICE_TEST_SECRET}\"}\n");
            Map<String, String> env = Map.of("SLUICE_DB", url, "SLUICE_DB_PASSWORD", DB_PASSWORD, "SLUICE_TEST_SECRET", SECRET);
            String admin = prepare(home, url);
            List<String> answers = new ArrayList<>();
            try (ChildServer a = new ChildServer(home, pipelines, 2, 1, env); ChildServer b = new ChildServer(home, pipelines, 2, 1, env)) {
                List<String> ids = submitFromBoth(a, b, admin, 24);
                for (String id : ids) {
                    List<Api.Event> events = (ids.indexOf(id) % 2 == 0 ? b : a).api.eventsToEnd(id, admin);
                    assertThat(events.getLast().data().path("status").asText()).as(id).isEqualTo("succeeded");
                    events.forEach(e -> answers.add(e.data().toString()));
                }
                assertClaimedOnceByEither(url, ids);
                ChildServer alive = killedServersRunIsResumedByTheOther(a, b, admin, tmp.resolve("gate"), answers);
                String secretRun = alive.api.post("/api/v1/runs", admin, Map.of("pipeline", "secretive")).json().path("run_id").asText();
                alive.api.eventsToEnd(secretRun, admin).forEach(e -> answers.add(e.data().toString()));
                String operator = alive.api.post("/api/v1/tokens", admin, Map.of("name", "ci", "role", "operator")).json()
                        .path("token").asText();
                for (String path : List.of("/api/v1/runs/" + secretRun, "/api/v1/runs/" + secretRun + "/steps",
                        "/api/v1/runs/" + secretRun + "/steps/use/log", "/api/v1/pipelines/secretive/versions/latest",
                        "/api/v1/audit", "/api/v1/tokens", "/api/v1/runs?limit=500", "/api/v1/health", "/api/v1/whoami")) {
                    answers.add(alive.api.get(path, admin).text());
                    answers.add(alive.api.get(path, operator).text());
                }
                assertThat(String.join("\n", answers)).contains("used it").contains("${env.SLUICE_TEST_SECRET}")
                        .doesNotContain(SECRET).doesNotContain(DB_PASSWORD).doesNotContain(admin).doesNotContain(operator);
                alive.stop();
                for (ChildServer server : List.of(a, b)) {
                    assertThat(server.output()).contains("listening on").doesNotContain(SECRET).doesNotContain(DB_PASSWORD)
                            .doesNotContain(admin).doesNotContain(operator);
                }
            }
        }
    }

    private static String database(EmbeddedPostgres pg) throws Exception {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE sluice_two");
        }
        return pg.getJdbcUrl("postgres", "sluice_two");
    }

    /** The server tables and an admin token, made before the servers start so that neither makes its own. */
    private static String prepare(Path home, String url) {
        try (MetadataStore store = MetadataStores.open(home, Optional.of(url), Map.of())) {
            ServerTables.migrate(store.sql());
            return new Tokens(store.sql()).create("admin", Role.ADMIN, Optional.empty(), "test").token();
        }
    }

    /** Half the runs through each server, from several clients at once. */
    private static List<String> submitFromBoth(ChildServer a, ChildServer b, String admin, int n) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> submitted = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                submitted.add(clients.submit(() -> (k % 2 == 0 ? a : b).api.post("/api/v1/runs", admin,
                        Map.of("pipeline", "chain", "params", Map.of("n", 5000 + k))).json().path("run_id").asText()));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> f : submitted) ids.add(f.get());
            return ids;
        } finally {
            clients.shutdown();
        }
    }

    private static void assertClaimedOnceByEither(String url, List<String> ids) throws Exception {
        try (MetadataStore store = MetadataStores.open(Path.of("."), Optional.of(url), Map.of())) {
            List<String> starts = store.sql().read(c -> Sql.list(c, "SELECT run_id FROM server_run_events WHERE type = 'run_started'",
                    rs -> rs.getString(1)));
            assertThat(starts).as("one run_started per run").containsExactlyInAnyOrderElementsOf(ids);
            List<String> claimers = store.sql().read(c -> Sql.list(c, "SELECT DISTINCT claimed_by FROM server_queue",
                    rs -> rs.getString(1)));
            assertThat(claimers).as("both servers claimed runs").hasSize(2);
        }
    }

    /** Kills the server running a waiting run (SIGKILL); the other reports it interrupted and resumes it; returns that one. */
    private static ChildServer killedServersRunIsResumedByTheOther(ChildServer a, ChildServer b, String admin, Path gate,
                                                                   List<String> answers) throws Exception {
        String id = a.api.post("/api/v1/runs", admin, Map.of("pipeline", "gate", "params", Map.of("gate", gate.toString())))
                .json().path("run_id").asText();
        a.api.events(id, admin, null, e -> e.type().equals("step_started"));
        JsonNode run = a.api.get("/api/v1/runs/" + id, admin).json();
        boolean onA = run.path("pid").asLong() == a.process.pid();
        ChildServer dead = onA ? a : b;
        ChildServer alive = onA ? b : a;
        dead.process.descendants().forEach(ProcessHandle::destroyForcibly);
        dead.kill();
        List<Api.Event> events = alive.api.eventsToEnd(id, admin);
        assertThat(events.getLast().data().path("status").asText()).isEqualTo("interrupted");
        assertThat(alive.api.get("/api/v1/runs/" + id, admin).json().path("status").asText()).isEqualTo("interrupted");
        String resumed = alive.api.post("/api/v1/runs/" + id + "/resume", admin, null).json().path("run_id").asText();
        alive.api.events(resumed, admin, null, e -> e.type().equals("step_started"));
        Files.writeString(gate, "open");
        List<Api.Event> end = alive.api.eventsToEnd(resumed, admin);
        assertThat(end.getLast().data().path("status").asText()).isEqualTo("succeeded");
        end.forEach(e -> answers.add(e.data().toString()));
        return alive;
    }
}
