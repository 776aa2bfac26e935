package dev.sluice.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.meta.MetadataSql;
import dev.sluice.server.queue.QueueEntry;
import dev.sluice.server.queue.RunQueue;
import dev.sluice.server.sql.Sql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Schedules in a real server on SQLite, under a clock the test sets: a per-minute cron fires each tick once, also
 * when the clock jumps back and forward again; after a restart the missed ticks follow each catch-up policy; pause
 * and resume through the API; a backfill of 30 daily ticks and its cancel.
 */
class SchedulesTest {
    static final Instant T0 = Instant.parse("2026-12-07T10:00:30Z");

    static Path copy(Path into, String... names) throws IOException {
        Files.createDirectories(into);
        for (String name : names) {
            try (InputStream in = SchedulesTest.class.getResourceAsStream("/schedules/" + name)) {
                Files.copy(in, into.resolve(name));
            }
        }
        return into;
    }

    static SluiceServer start(Path home, Path pipelines, FileClock clock) {
        return SluiceServer.start(ServerConfig.defaults(home).withPort(0).withRunSlots(2).withStepWorkers(1)
                .withPipelineDirs(List.of(pipelines)).withGrace(Duration.ofSeconds(5)), RetentionSchedule.defaults(), clock);
    }

    /** schedule name -> the ${schedule.time} of each run it started, oldest first. */
    static Map<String, List<String>> runsBySchedule(SluiceServer server) {
        MetadataSql sql = server.workspace().metadata().sql();
        RunQueue queue = new RunQueue(sql, server.workspace().home());
        Map<String, List<String>> out = new TreeMap<>();
        List<String[]> rows = sql.read(c -> Sql.list(c, "SELECT t.run_id, t.detail FROM run_triggers t JOIN runs r ON r.id = t.run_id"
                + " WHERE t.kind = 'schedule' ORDER BY r.started_at, r.id", rs -> new String[] {rs.getString(1), rs.getString(2)}));
        for (String[] row : rows) {
            String schedule = row[1].substring(0, row[1].indexOf(' '));
            QueueEntry e = queue.entry(row[0]).orElseThrow();
            out.computeIfAbsent(schedule, k -> new java.util.ArrayList<>()).add(e.params().get("at"));
        }
        for (List<String> l : out.values()) l.sort(null);
        return out;
    }

    static long count(SluiceServer server, String sql, Object... args) {
        return server.workspace().metadata().sql().read(c -> Sql.first(c, sql, rs -> rs.getLong(1), args).orElse(0L));
    }

    static void until(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("gave up waiting: " + what);
            Thread.sleep(20);
        }
    }

    @Test
    void firesEachTickOnceAlsoWhenTheClockJumpsBackAndForward(@TempDir Path tmp) throws Exception {
        FileClock clock = FileClock.at(tmp.resolve("clock"), T0);
        try (SluiceServer server = start(tmp.resolve("home"), copy(tmp.resolve("p"), "ticker.yaml"), clock)) {
            server.scheduling().scheduler().pass();
            assertThat(runsBySchedule(server)).isEmpty();
            clock.set(Instant.parse("2026-12-07T10:01:00Z"));
            server.scheduling().scheduler().pass();
            Map<String, List<String>> once = Map.of("every", List.of("2026-12-07T11:01:00+01:00"),
                    "newest", List.of("2026-12-07T10:01:00Z"), "skip", List.of("2026-12-07T10:01:00Z"));
            assertThat(runsBySchedule(server)).isEqualTo(once);
            clock.set(Instant.parse("2026-12-07T10:00:10Z")); // back before the tick
            server.scheduling().scheduler().pass();
            clock.set(Instant.parse("2026-12-07T10:01:20Z")); // and past it again
            server.scheduling().scheduler().pass();
            assertThat(runsBySchedule(server)).isEqualTo(once);
            assertThat(count(server, "SELECT COUNT(*) FROM server_schedule_ticks")).isEqualTo(3);

            String id = server.workspace().metadata().sql().read(c -> Sql.first(c, "SELECT run_id FROM server_schedule_ticks"
                    + " WHERE schedule = 'skip'", rs -> rs.getString(1))).orElseThrow();
            QueueEntry e = new RunQueue(server.workspace().metadata().sql(), server.workspace().home()).entry(id).orElseThrow();
            assertThat(e.params()).isEqualTo(Map.of("at", "2026-12-07T10:01:00Z", "since", "2026-12-07T10:00:00Z"));
            Api api = new Api(server.port());
            String admin = server.firstToken().orElseThrow().token();
            JsonNode run = api.get("/api/v1/runs/" + id, admin).json();
            assertThat(run.path("trigger").path("kind").asText()).isEqualTo("schedule");
            assertThat(run.path("trigger").path("detail").asText()).isEqualTo("skip at 2026-12-07T10:01:00Z");
            assertThat(api.get("/api/v1/runs?trigger=schedule", admin).json().path("runs")).hasSize(3);
        }
    }

    @Test
    void aDailyTickAtTwoThirtyInBerlinFiresOnceOnBothDaylightSavingDays(@TempDir Path tmp) throws Exception {
        FileClock clock = FileClock.at(tmp.resolve("clock"), Instant.parse("2026-03-28T00:00:00Z"));
        try (SluiceServer server = start(tmp.resolve("home"), copy(tmp.resolve("p"), "dst.yaml"), clock)) {
            server.scheduling().scheduler().pass();
            // each step sets the clock to an instant the schedule should fire at, or (the second 02:30) should not
            for (String at : List.of("2026-03-28T01:30:00Z", "2026-03-29T01:30:00Z", "2026-03-30T00:30:00Z",
                    "2026-10-24T00:30:00Z", "2026-10-25T00:30:00Z", "2026-10-25T01:30:00Z", "2026-10-26T01:30:00Z")) {
                clock.set(Instant.parse(at));
                server.scheduling().scheduler().pass();
            }
            assertThat(runsBySchedule(server)).isEqualTo(Map.of("half-past-two", List.of(
                    "2026-03-28T02:30:00+01:00", "2026-03-29T03:30:00+02:00", "2026-03-30T02:30:00+02:00",
                    "2026-10-24T02:30:00+02:00", "2026-10-25T02:30:00+02:00", "2026-10-26T02:30:00+01:00")));
        }
    }

    @Test
    void missedTicksAfterARestartFollowEachCatchUpPolicyAndARestartNeverStartsATickTwice(@TempDir Path tmp) throws Exception {
        FileClock clock = FileClock.at(tmp.resolve("clock"), T0);
        Path home = tmp.resolve("home");
        Path pipelines = copy(tmp.resolve("p"), "ticker.yaml");
        try (SluiceServer server = start(home, pipelines, clock)) {
            server.scheduling().scheduler().pass();
            clock.set(Instant.parse("2026-12-07T10:01:00Z"));
            server.scheduling().scheduler().pass();
        }
        // down for four ticks (10:02 to 10:05), the newest of them 40 s ago when it starts again
        clock.set(Instant.parse("2026-12-07T10:05:40Z"));
        try (SluiceServer server = start(home, pipelines, clock)) {
            server.scheduling().scheduler().pass();
            assertThat(runsBySchedule(server)).isEqualTo(Map.of(
                    "every", List.of("2026-12-07T11:01:00+01:00", "2026-12-07T11:03:00+01:00", "2026-12-07T11:04:00+01:00",
                            "2026-12-07T11:05:00+01:00"),
                    "newest", List.of("2026-12-07T10:01:00Z", "2026-12-07T10:05:00Z"),
                    "skip", List.of("2026-12-07T10:01:00Z")));
        }
        // as if a server had died after queueing those runs but before it moved the cursors past them
        try (var store = dev.sluice.meta.MetadataStores.open(home, java.util.Optional.empty())) {
            store.sql().write(c -> Sql.update(c, "UPDATE server_schedules SET cursor_at = ?", T0.toEpochMilli()));
        }
        clock.set(Instant.parse("2026-12-07T10:05:50Z"));
        try (SluiceServer server = start(home, pipelines, clock)) {
            server.scheduling().scheduler().pass();
            assertThat(count(server, "SELECT COUNT(*) FROM server_schedule_ticks")).isEqualTo(7);
            clock.set(Instant.parse("2026-12-07T10:06:00Z"));
            server.scheduling().scheduler().pass();
            assertThat(runsBySchedule(server)).isEqualTo(Map.of(
                    "every", List.of("2026-12-07T11:01:00+01:00", "2026-12-07T11:03:00+01:00", "2026-12-07T11:04:00+01:00",
                            "2026-12-07T11:05:00+01:00", "2026-12-07T11:06:00+01:00"),
                    "newest", List.of("2026-12-07T10:01:00Z", "2026-12-07T10:05:00Z", "2026-12-07T10:06:00Z"),
                    "skip", List.of("2026-12-07T10:01:00Z", "2026-12-07T10:06:00Z")));
            assertThat(count(server, "SELECT COUNT(*) FROM runs")).isEqualTo(10);
            until("the scheduled runs end", () -> count(server, "SELECT COUNT(*) FROM runs WHERE state IN ('succeeded', 'interrupted',"
                    + " 'cancelled')") == 10);
        }
    }

    @Test
    void pauseAndResumeThroughTheApiAreRoleCheckedAuditedAndSkipTheTicksOfThePause(@TempDir Path tmp) throws Exception {
        FileClock clock = FileClock.at(tmp.resolve("clock"), T0);
        try (SluiceServer server = start(tmp.resolve("home"), copy(tmp.resolve("p"), "ticker.yaml"), clock)) {
            Api api = new Api(server.port());
            String admin = server.firstToken().orElseThrow().token();
            String viewer = api.post("/api/v1/tokens", admin, Map.of("name", "v", "role", "viewer")).json().path("token").asText();
            String operator = api.post("/api/v1/tokens", admin, Map.of("name", "ops", "role", "operator")).json().path("token").asText();
            server.scheduling().scheduler().pass();

            JsonNode list = api.get("/api/v1/schedules?pipeline=ticker", viewer).json().path("schedules");
            assertThat(list).hasSize(3);
            assertThat(list.get(2).path("name").asText()).isEqualTo("every");
            assertThat(list.get(2).path("timezone").asText()).isEqualTo("Europe/Berlin");
            assertThat(list.get(2).path("next_tick").asText()).isEqualTo("2026-12-07T11:01:00+01:00");
            assertThat(list.get(2).path("last_tick").isNull()).isTrue();

            assertThat(api.post("/api/v1/schedules/ticker/skip/pause", viewer, null).status()).isEqualTo(403);
            assertThat(api.post("/api/v1/schedules/ticker/skp/pause", operator, null).status()).isEqualTo(404);
            Api.Reply paused = api.post("/api/v1/schedules/ticker/skip/pause", operator, null);
            assertThat(paused.status()).isEqualTo(200);
            assertThat(paused.json().path("paused").asBoolean()).isTrue();
            assertThat(paused.json().path("next_tick").isNull()).isTrue();

            clock.set(Instant.parse("2026-12-07T10:02:00Z"));
            server.scheduling().scheduler().pass();
            assertThat(runsBySchedule(server).keySet()).containsExactly("every", "newest");
            clock.set(Instant.parse("2026-12-07T10:02:30Z"));
            assertThat(api.post("/api/v1/schedules/ticker/skip/resume", operator, null).json().path("next_tick").asText())
                    .isEqualTo("2026-12-07T10:03:00Z");
            clock.set(Instant.parse("2026-12-07T10:03:00Z"));
            server.scheduling().scheduler().pass();
            assertThat(runsBySchedule(server).get("skip")).containsExactly("2026-12-07T10:03:00Z");

            JsonNode skip = api.get("/api/v1/schedules", viewer).json().path("schedules").get(0);
            assertThat(skip.path("last_tick").path("time").asText()).isEqualTo("2026-12-07T10:03:00Z");
            assertThat(skip.path("last_tick").path("outcome").asText()).isEqualTo("queued");
            JsonNode audit = api.get("/api/v1/audit?action=schedule.pause", admin).json().path("entries");
            assertThat(audit).hasSize(3); // the viewer's refused call, the unknown schedule, the pause
            assertThat(audit.get(2).path("outcome").asText()).isEqualTo("denied");
            assertThat(audit.get(0).path("outcome").asText()).isEqualTo("ok");
            assertThat(audit.get(0).path("actor").asText()).isEqualTo("ops");
            assertThat(audit.get(0).path("target").asText()).isEqualTo("ticker/skip");
            assertThat(audit.get(0).path("detail").asText()).isEqualTo("paused");
            assertThat(api.get("/api/v1/audit?action=schedule.resume", admin).json().path("entries")).hasSize(1);
        }
    }

    @Test
    void aBackfillOfThirtyDailyTicksQueuesThirtyRunsOneAtATimeAndItsCancelStopsTheQueuedOnes(@TempDir Path tmp) throws Exception {
        FileClock clock = FileClock.at(tmp.resolve("clock"), T0);
        Path pipelines = copy(tmp.resolve("p"), "daily.yaml", "wait.py");
        Path gate = tmp.resolve("gate");
        Files.writeString(pipelines.resolve("daily.yaml"), Files.readString(pipelines.resolve("daily.yaml"))
                .replace("/nonexistent", gate.toString().replace("\\", "/")));
        try (SluiceServer server = start(tmp.resolve("home"), pipelines, clock)) {
            Api api = new Api(server.port());
            String admin = server.firstToken().orElseThrow().token();
            Api.Reply created = api.post("/api/v1/backfills", admin, Map.of("pipeline", "daily", "from", "2026-11-01", "to", "2026-11-30"));
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            JsonNode b = created.json();
            String id = b.path("id").asText();
            assertThat(b.path("ticks").asInt()).isEqualTo(30);
            assertThat(b.path("schedule").asText()).isEqualTo("nightly");
            assertThat(b.path("runs")).hasSize(30);

            RunQueue queue = new RunQueue(server.workspace().metadata().sql(), server.workspace().home());
            List<String> days = new java.util.ArrayList<>();
            for (JsonNode run : b.path("runs")) days.add(queue.entry(run.asText()).orElseThrow().params().get("day"));
            assertThat(days).hasSize(30).doesNotHaveDuplicates();
            assertThat(days.getFirst()).isEqualTo("2026-11-01T02:00:00+01:00");
            assertThat(days.getLast()).isEqualTo("2026-11-30T02:00:00+01:00");
            assertThat(count(server, "SELECT COUNT(*) FROM server_backfill_runs WHERE backfill_id = ?", id)).isEqualTo(30);
            assertThat(count(server, "SELECT COUNT(DISTINCT run_id) FROM server_backfill_runs WHERE backfill_id = ?", id)).isEqualTo(30);
            assertThat(count(server, "SELECT COUNT(*) FROM run_triggers WHERE kind = 'backfill' AND detail LIKE ?", id + ":%"))
                    .isEqualTo(30);

            until("the first run starts", () -> api.get("/api/v1/backfills/" + id, admin).json().path("progress").path("running").asInt() == 1);
            JsonNode progress = api.get("/api/v1/backfills/" + id, admin).json().path("progress");
            assertThat(progress.path("queued").asInt()).as("concurrency max 1: the others wait").isEqualTo(29);

            Api.Reply cancelled = api.post("/api/v1/backfills/" + id + "/cancel", admin, null);
            assertThat(cancelled.status()).isEqualTo(200);
            assertThat(cancelled.json().path("cancelled_runs").asInt()).isEqualTo(29);
            assertThat(cancelled.json().path("progress").path("cancelled").asInt()).isEqualTo(29);
            assertThat(cancelled.json().path("progress").path("running").asInt()).isEqualTo(1);
            Files.writeString(gate, "open");
            until("the running run ends", () -> api.get("/api/v1/backfills/" + id, admin).json().path("progress").path("succeeded").asInt() == 1);
            JsonNode done = api.get("/api/v1/backfills", admin).json().path("backfills").get(0);
            assertThat(done.path("id").asText()).isEqualTo(id);
            assertThat(done.path("status").asText()).isEqualTo("cancelled");
            assertThat(done.path("progress").path("queued").asInt()).isZero();
            assertThat(api.get("/api/v1/audit?action=backfill.cancel", admin).json().path("entries")).hasSize(1);

            Api.Reply empty = api.post("/api/v1/backfills", admin, Map.of("pipeline", "daily", "from", "2026-11-30", "to", "2026-11-01"));
            assertThat(empty.status()).isEqualTo(400);
        }
    }
}
