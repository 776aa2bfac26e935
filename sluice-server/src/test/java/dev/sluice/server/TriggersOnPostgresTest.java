package dev.sluice.server;

import dev.sluice.meta.MetadataStore;
import dev.sluice.meta.MetadataStores;
import dev.sluice.server.auth.Role;
import dev.sluice.server.auth.Tokens;
import dev.sluice.server.sql.ServerTables;
import dev.sluice.server.sql.Sql;
import dev.sluice.server.trigger.WebhookSignature;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two server processes on one PostgreSQL see the same causes: the same webhook delivery sent to both, the same files
 * in a watched folder, the same upstream run. Each cause queues one run, whichever server takes it.
 */
class TriggersOnPostgresTest {
    private static final String SECRET = "whsec-two-servers-5d1e";

    @Test
    void twoServersOnOneDatabaseQueueOneRunPerDeliveryFileAndUpstreamRun(@TempDir Path tmp) throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            String url = database(pg);
            Path home = tmp.resolve("home");
            Path pipelines = Files.createDirectories(tmp.resolve("pipelines"));
            Path incoming = Files.createDirectories(pipelines.resolve("incoming"));
            Files.writeString(pipelines.resolve("ingest.yaml"), WebhookTriggerTest.INGEST);
            Files.writeString(pipelines.resolve("landed.yaml"), DataTriggerTest.pipeline("landed",
                    "{folder: incoming, glob: \"*.csv\", param: file, stable_seconds: 0}"));
            Files.writeString(pipelines.resolve("train.yaml"), UpstreamTriggerTest.TRAIN);
            Files.writeString(pipelines.resolve("deploy.yaml"), UpstreamTriggerTest.DEPLOY);
            Files.writeString(pipelines.resolve("flaky.yaml"), UpstreamTriggerTest.FLAKY);
            String admin = prepare(home, url);
            Map<String, String> env = Map.of("SLUICE_DB", url, "HOOK_SECRET", SECRET);
            try (ChildServer a = new ChildServer(home, pipelines, 2, 1, env); ChildServer b = new ChildServer(home, pipelines, 2, 1, env)) {
                String body = "{\"day\": \"2026-12-07\", \"where\": {\"region\": \"eu\"}}";
                String ts = Long.toString(Instant.now().getEpochSecond());
                Map<String, String> headers = Map.of(WebhookSignature.TIMESTAMP_HEADER, ts, WebhookSignature.SIGNATURE_HEADER,
                        WebhookSignature.sign(SECRET.getBytes(StandardCharsets.UTF_8), ts, body.getBytes(StandardCharsets.UTF_8)),
                        WebhookSignature.DELIVERY_HEADER, "two-servers-1");
                var toA = CompletableFuture.supplyAsync(() -> a.api.send("POST", "/api/v1/hooks/ingest/hook", null, body, headers));
                var toB = CompletableFuture.supplyAsync(() -> b.api.send("POST", "/api/v1/hooks/ingest/hook", null, body, headers));
                List<Integer> statuses = new ArrayList<>(List.of(toA.get().status(), toB.get().status()));
                statuses.sort(null);
                assertThat(statuses).as("the same delivery to both servers").containsExactly(202, 409);

                Files.writeString(incoming.resolve("one.csv"), "x\n1\n");
                Files.writeString(incoming.resolve("two.csv"), "x\n2\n");
                Files.writeString(incoming.resolve("three.csv"), "x\n3\n");
                Files.writeString(incoming.resolve("copy-of-one.csv"), "x\n1\n");
                for (ChildServer s : List.of(a, b)) {
                    for (String name : List.of("one.csv", "two.csv", "three.csv", "copy-of-one.csv")) {
                        await(() -> output(s).contains("data trigger landed/drop: " + name + " "), name + " decided by a server");
                    }
                }
                String train = a.api.post("/api/v1/runs", admin, Map.of("pipeline", "train", "params", Map.of("n", 7)))
                        .json().path("run_id").asText();
                for (ChildServer s : List.of(a, b)) {
                    await(() -> output(s).contains("run " + train + " of train succeeded"), "the upstream run seen by a server");
                }
                try (MetadataStore store = MetadataStores.open(Path.of("."), Optional.of(url), Map.of())) {
                    assertThat(count(store, "ingest")).isEqualTo(1);
                    assertThat(count(store, "landed")).as("three contents, four files, two servers").isEqualTo(3);
                    assertThat(count(store, "deploy")).as("one upstream run, two servers").isEqualTo(1);
                    List<String> kinds = store.sql().read(c -> Sql.list(c, "SELECT kind FROM run_triggers ORDER BY kind",
                            rs -> rs.getString(1)));
                    assertThat(kinds).containsExactly("data", "data", "data", "upstream", "webhook");
                }
                // a trigger paused through one server is paused on the other (the state is the database's)
                assertThat(a.api.post("/api/v1/pipelines/ingest/triggers/hook/pause", admin, Map.of()).status()).isEqualTo(200);
                String ts2 = Long.toString(Instant.now().getEpochSecond());
                Api.Reply paused = b.api.send("POST", "/api/v1/hooks/ingest/hook", null, body, Map.of(
                        WebhookSignature.TIMESTAMP_HEADER, ts2, WebhookSignature.SIGNATURE_HEADER,
                        WebhookSignature.sign(SECRET.getBytes(StandardCharsets.UTF_8), ts2, body.getBytes(StandardCharsets.UTF_8)),
                        WebhookSignature.DELIVERY_HEADER, "two-servers-2"));
                assertThat(paused.status()).as(paused.text()).isEqualTo(409);
                assertThat(paused.json().path("error").asText()).isEqualTo("trigger_paused");
                String logs = output(a) + output(b);
                assertThat(logs).doesNotContain(SECRET);
            }
        }
    }

    private static long count(MetadataStore store, String pipeline) {
        return store.sql().read(c -> Sql.first(c, "SELECT COUNT(*) FROM server_queue WHERE pipeline = ?", rs -> rs.getLong(1),
                pipeline)).orElse(0L);
    }

    private static String output(ChildServer s) {
        try {
            return s.output();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void await(BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within 90 s: " + what);
            Thread.sleep(50);
        }
    }

    private static String database(EmbeddedPostgres pg) throws Exception {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE sluice_triggers");
        }
        return pg.getJdbcUrl("postgres", "sluice_triggers");
    }

    private static String prepare(Path home, String url) {
        try (MetadataStore store = MetadataStores.open(home, Optional.of(url), Map.of())) {
            ServerTables.migrate(store.sql());
            return new Tokens(store.sql()).create("admin", Role.ADMIN, Optional.empty(), "test").token();
        }
    }
}
