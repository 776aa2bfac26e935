package dev.sluice.server;

import dev.sluice.api.RunStatus;
import dev.sluice.server.sql.Sql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Load, without timing assertions: 200 runs of a 10-step in-process pipeline submitted at once by 20 concurrent
 * clients all finish, none is lost and none starts twice. Prints throughput and submit latency for the record.
 */
class LoadTest {
    static final int CLIENTS = 20;
    static final int RUNS_EACH = 10;

    @Test
    void twoHundredRunsFromTwentyClientsAllFinishOnceEach(@TempDir Path tmp) throws Exception {
        try (ServerFixture f = new ServerFixture(tmp, c -> c.withRunSlots(4))) {
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            long t0 = System.nanoTime();
            List<String> ids = submitConcurrently(f, latencies);
            awaitAllDone(f, ids.size());
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertThat(f.api.eventsToEnd(ids.getLast(), f.admin).getLast().data().path("status").asText()).isEqualTo("succeeded");
            assertThat(ids).hasSize(CLIENTS * RUNS_EACH).doesNotHaveDuplicates();
            var queries = f.server.workspace().metadata().queries();
            for (String id : ids) {
                assertThat(queries.run(id).orElseThrow().state()).as(id).isEqualTo(RunStatus.SUCCEEDED);
                assertThat(queries.stepRuns(id)).as(id).hasSize(10).allMatch(s -> s.attempt() == 1);
            }
            List<String> started = f.server.workspace().metadata().sql().read(c -> Sql.list(c,
                    "SELECT run_id FROM server_run_events WHERE type = 'run_started'", rs -> rs.getString(1)));
            assertThat(started).as("each run started exactly once").containsExactlyInAnyOrderElementsOf(ids);
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            System.out.printf("load: %d runs x 10 steps in %.1f s = %.1f runs/s; submit latency p50 %.1f ms, p99 %.1f ms%n",
                    ids.size(), seconds, ids.size() / seconds, sorted.get(sorted.size() / 2) / 1e6,
                    sorted.get((int) (sorted.size() * 0.99)) / 1e6);
        }
    }

    /** Waits (polling the queue) until every run's queue entry is done. */
    private static void awaitAllDone(ServerFixture f, int n) throws InterruptedException {
        for (int i = 0; i < 3000; i++) {
            long done = f.server.workspace().metadata().sql().read(c -> Sql.first(c,
                    "SELECT COUNT(*) FROM server_queue WHERE state = 'done'", rs -> rs.getLong(1))).orElse(0L);
            if (done >= n) return;
            Thread.sleep(100);
        }
        throw new AssertionError("the runs did not all finish");
    }

    private static List<String> submitConcurrently(ServerFixture f, List<Long> latencies) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<List<String>>> work = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                work.add(clients.submit(() -> {
                    Api api = new Api(f.server.port());
                    List<String> mine = new ArrayList<>();
                    for (int i = 0; i < RUNS_EACH; i++) {
                        long s = System.nanoTime();
                        Api.Reply r = api.post("/api/v1/runs", f.admin, Map.of("pipeline", "chain", "params", Map.of("n", client * 1000 + i)));
                        latencies.add(System.nanoTime() - s);
                        assertThat(r.status()).as(r.text()).isEqualTo(201);
                        mine.add(r.json().path("run_id").asText());
                    }
                    return mine;
                }));
            }
            List<String> ids = new ArrayList<>();
            for (Future<List<String>> w : work) ids.addAll(w.get());
            return ids;
        } finally {
            clients.shutdown();
        }
    }
}
