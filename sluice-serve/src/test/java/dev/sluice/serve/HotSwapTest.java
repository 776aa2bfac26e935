package dev.sluice.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.exec.Workspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Moving the alias while requests run: the poller swaps the new version in, no request fails, and each client sees
 * version 1 then version 2, never back.
 */
class HotSwapTest {
    @TempDir
    Path home;

    @Test
    void swapsToThePromotedVersionWhileRequestsRunAndNoneFails() throws Exception {
        try (Workspace ws = Workspace.open(home)) {
            Path csv = Training.data("telco-500.csv");
            String query = "SELECT * EXCLUDE (customerID) FROM data";
            Training.train(ws, csv, query, "Churn", "xgboost", "churn", "champion", Map.of("max_depth", 2L, "rounds", 20L));
            // version 2 is another kind of model altogether, registered as challenger
            Training.train(ws, csv, query, "Churn", "logistic", "churn", "challenger", Map.of());
            try (ModelServer server = ModelServer.start(ServeOptions.defaults().withPort(0).withPoll(Duration.ofMillis(50)),
                    ws.metadata().models(), ws.store(), List.of(ModelRef.parse("churn@champion")))) {
                Http http = new Http(server.port());
                assertThat(http.post("/v1/models/churn/predict", ModelServerTest.ROW).json().get("version").asInt()).isEqualTo(1);

                int clients = 4;
                int maxRequests = 20_000;        // per client: a bound, not a timing
                int afterSwap = 50;              // requests each client makes once it has seen version 2
                AtomicBoolean promoted = new AtomicBoolean();
                ExecutorService pool = Executors.newFixedThreadPool(clients);
                List<Future<List<int[]>>> results = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    results.add(pool.submit(() -> {
                        List<int[]> seen = new ArrayList<>();       // {status, version}
                        int sinceSwap = 0;
                        for (int i = 0; i < maxRequests && sinceSwap < afterSwap; i++) {
                            Http.Response r = http.post("/v1/models/churn/predict",
                                    i % 2 == 0 ? ModelServerTest.ROW : "{\"rows\": [" + ModelServerTest.ROW + "," + ModelServerTest.ROW + "]}");
                            JsonNode j = r.status() == 200 ? r.json() : null;
                            int version = j == null ? -1 : j.get("version").asInt();
                            seen.add(new int[] {r.status(), version});
                            if (version == 2) sinceSwap++;
                            if (i == 20 && promoted.compareAndSet(false, true)) {
                                ws.metadata().models().alias("churn", 2, "champion");
                            }
                        }
                        return seen;
                    }));
                }
                pool.shutdown();
                int total = 0;
                int onOld = 0;
                for (Future<List<int[]>> f : results) {
                    List<int[]> seen = f.get();
                    total += seen.size();
                    int last = 1;
                    for (int[] s : seen) {
                        assertThat(s[0]).isEqualTo(200);
                        assertThat(s[1]).isIn(1, 2);
                        assertThat(s[1]).as("a client went back to the old version").isGreaterThanOrEqualTo(last);
                        last = s[1];
                        if (s[1] == 1) onOld++;
                    }
                    assertThat(last).isEqualTo(2);
                }
                assertThat(onOld).as("requests answered by version 1 under load").isPositive();
                assertThat(server.versions()).containsEntry(ModelRef.parse("churn@champion"), 2);
                JsonNode model = http.get("/v1/models/churn").json();
                assertThat(model.get("version").asInt()).isEqualTo(2);
                assertThat(model.get("model_type").asText()).isEqualTo("logistic");
                assertThat(http.get("/metrics").body()).contains("sluice_serve_model_swaps_total{model=\"churn\"} 1")
                        .contains("sluice_serve_model_version{model=\"churn\",alias=\"champion\"} 2");
                System.out.println("hot swap: " + total + " requests from " + clients + " clients, all 200");
            }
        }
    }
}
