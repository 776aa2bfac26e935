package dev.sluice.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.ModelVersion;
import dev.sluice.api.RunStatus;
import dev.sluice.api.StepStatus;
import dev.sluice.exec.LocalExecutor;
import dev.sluice.exec.RunListener;
import dev.sluice.exec.RunOptions;
import dev.sluice.exec.RunResult;
import dev.sluice.exec.Workspace;
import dev.sluice.meta.RunTrigger;
import dev.sluice.meta.StepRunRow;
import dev.sluice.pipeline.ComponentRegistry;
import dev.sluice.pipeline.PipelineValidator;
import dev.sluice.serve.ModelRef;
import dev.sluice.serve.ModelServer;
import dev.sluice.serve.ServeOptions;
import dev.sluice.yaml.YamlPipelineLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The closed loop on Elec2, through the real HTTP server and the {@code examples/elec2} pipelines: train on the early
 * period and promote, serve with the prediction log, replay the later period over HTTP, detect drift, retrain on the
 * labeled later period, pass the no-regression gate against the champion and the canary, promote, and see the running
 * server answer with the new version; lineage leads from the new version to its run and on to the drift report. Then
 * the two ways a retraining must stop before promotion: a weaker model (gate) and a model that cannot be served
 * (canary).
 */
class ClosedLoopTest {
    static final Path EXAMPLE = Path.of("../examples/elec2").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir static Path shared;
    @TempDir Path dir;

    /** A workspace where examples/elec2/train.yaml made elec2@1 the champion; each test works on a copy. */
    static Path trained;

    @BeforeAll
    static void trainTheFirstChampion() {
        trained = shared.resolve("trained");
        try (Workspace ws = Workspace.open(trained)) {
            RunResult r = run(ws, EXAMPLE.resolve("train.yaml"), Map.of());
            assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
            // no champion yet: the gate records that and passes
            assertThat(r.step("evaluate").orElseThrow().metrics()).containsEntry("baseline.found", 0.0).containsEntry("auc_gain", 0.0);
            assertThat(r.step("canary").orElseThrow().metrics()).containsEntry("rows", 100.0).containsEntry("failed", 0.0);
            assertThat(ws.metadata().models().resolve("elec2@champion").orElseThrow().version()).isEqualTo(1);
        }
    }

    @Test
    void driftRetrainsPassesTheGateAndTheCanaryAndTheServerSwapsToTheNewChampion() throws Exception {
        try (Workspace ws = Workspace.open(copyOfTrained());
             PredictionLog log = PredictionLog.open(ws.home(), new PredictionLog.Options(100_000, 1_000, Duration.ofMillis(200)));
             ModelServer server = ModelServer.start(ServeOptions.defaults().withPort(0).withPoll(Duration.ofMillis(100))
                     .withSink(new PredictionLogSink(log)), ws.metadata().models(), ws.store(), List.of(ModelRef.parse("elec2")))) {
            Client http = new Client(server.port());

            // serve: the later period arrives as requests, answered by the champion trained on the early one
            List<String> rows = requests(EXAMPLE.resolve("data/late.csv"));
            for (int from = 0; from < rows.size(); from += 100) {
                JsonNode answer = http.post("/v1/models/elec2/predict",
                        "{\"rows\": [" + String.join(",", rows.subList(from, Math.min(rows.size(), from + 100))) + "]}");
                assertThat(answer.get("version").asInt()).isEqualTo(1);
            }
            log.flush();
            assertThat(log.written()).isEqualTo(3000);
            assertThat(http.text("/metrics")).contains("sluice_serve_logged_rows_total{outcome=\"written\"} 3000",
                    "sluice_serve_logged_rows_total{outcome=\"dropped\"} 0");

            // monitor: the logged traffic drifts from the training profile
            ModelMonitor.Outcome check = new ModelMonitor(ws, DriftThresholds.DEFAULTS, Clock.systemUTC())
                    .check(new ModelMonitor.Request("elec2@champion", Optional.empty(), Optional.empty(), 10_000, Optional.empty()));
            assertThat(check.report().status()).isEqualTo(DriftStatus.DRIFT);
            assertThat(check.report().window().source()).isEqualTo("prediction-log");
            assertThat(check.report().drifted()).contains("vicprice", "transfer");

            // trigger: one retraining run of examples/elec2/retrain.yaml on the window
            RetrainTrigger.RunSummary run;
            try (RetrainTrigger trigger = new RetrainTrigger(new PipelineRetrainer(ws, EXAMPLE.resolve("retrain.yaml"), Map.of(),
                    RunOptions.defaults(ws.home())), Duration.ofMinutes(10), Clock.systemUTC(), dir.resolve("windows"))) {
                var started = (RetrainTrigger.Started) trigger.onReport(check);
                run = started.run().get(5, TimeUnit.MINUTES);
            }
            assertThat(run.succeeded()).as("retraining run %s", run.runId()).isTrue();
            ws.metadata().writer().flush();

            // the gate: same holdout, the champion scored beside the candidate, no regression
            StepRunRow evaluate = step(ws, run.runId(), "evaluate");
            assertThat(evaluate.metrics()).containsEntry("baseline.found", 1.0).containsEntry("baseline.version", 1.0);
            assertThat(evaluate.metrics().get("auc_gain")).isEqualTo(evaluate.metrics().get("auc") - evaluate.metrics().get("baseline.auc"))
                    .isGreaterThan(0.0);
            assertThat(evaluate.checks()).singleElement().satisfies(c -> assertThat(c.passed()).isTrue());
            // the canary: the candidate answered real HTTP requests in a sandbox, as batch scoring does
            StepRunRow canary = step(ws, run.runId(), "canary");
            assertThat(canary.metrics()).containsEntry("rows", 100.0).containsEntry("failed", 0.0);
            assertThat(canary.metrics().get("max_abs_diff")).isLessThan(1e-6);
            // promoted
            assertThat(step(ws, run.runId(), "promote").metrics()).containsEntry("version", 2.0).containsEntry("previous", 1.0);
            ModelVersion champion = ws.metadata().models().resolve("elec2@champion").orElseThrow();
            assertThat(champion.version()).isEqualTo(2);

            // the running server swaps to it on its registry poll, without a restart
            JsonNode served = awaitVersion(http, 2);
            assertThat(served.get("artifact").asText()).isEqualTo(champion.artifactId());
            assertThat(http.post("/v1/models/elec2/predict", rows.getFirst()).get("version").asInt()).isEqualTo(2);

            // lineage: new version -> its run -> the drift report that started it
            assertThat(champion.runId()).hasValue(run.runId());
            RunTrigger cause = ws.metadata().queries().trigger(run.runId()).orElseThrow();
            assertThat(cause.kind()).isEqualTo(RunTrigger.DRIFT);
            assertThat(cause.artifact()).hasValue(check.artifactId());
            assertThat(cause.detail()).startsWith("elec2@1 drifted on ");
            assertThat(ws.metadata().queries().artifact(check.artifactId()).orElseThrow().kind()).isEqualTo("metrics");
            assertThat(ws.metadata().queries().runsTriggeredBy(check.artifactId())).containsExactly(run.runId());
        }
    }

    @Test
    void aWeakerRetrainedModelIsBlockedByTheGateAndTheChampionKeepsServing() throws Exception {
        try (Workspace ws = Workspace.open(copyOfTrained());
             ModelServer server = ModelServer.start(ServeOptions.defaults().withPort(0).withPoll(Duration.ofHours(1)),
                     ws.metadata().models(), ws.store(), List.of(ModelRef.parse("elec2")))) {
            // a deliberately weak configuration: one tree of depth one
            RetrainTrigger.RunSummary run = retrainOnLate(ws, EXAMPLE.resolve("retrain.yaml"), Map.of("rounds", "1", "max_depth", "1"));
            assertThat(run.succeeded()).isFalse();
            StepRunRow evaluate = step(ws, run.runId(), "evaluate");
            assertThat(evaluate.state()).isEqualTo(StepStatus.FAILED);
            assertThat(evaluate.metrics().get("auc_gain")).isLessThan(-0.01);
            assertThat(evaluate.error()).hasValueSatisfying(e -> assertThat(e).contains("check failed: auc_gain >= -0.01"));
            for (String blocked : List.of("register", "canary", "promote")) {
                assertThat(step(ws, run.runId(), blocked).state()).as(blocked).isEqualTo(StepStatus.BLOCKED);
            }
            assertThat(ws.metadata().models().versions("elec2")).extracting(ModelVersion::version).containsExactly(1);
            assertThat(ws.metadata().models().resolve("elec2@champion").orElseThrow().version()).isEqualTo(1);
            assertThat(server.refresh()).isZero();
            assertThat(new Client(server.port()).get("/v1/models/elec2").get("version").asInt()).isEqualTo(1);
        }
    }

    @Test
    void aCandidateThatCannotBeServedFailsTheCanaryAndNothingIsPromoted() throws Exception {
        try (Workspace ws = Workspace.open(copyOfTrained())) {
            RetrainTrigger.RunSummary run = retrainOnLate(ws, Elec2.RESOURCES.resolve("pipelines/loop-unservable.yaml"),
                    Map.of("labels", EXAMPLE.resolve("data/late.csv").toString()));
            assertThat(run.succeeded()).isFalse();
            // it was registered as the challenger (nothing checked it before the canary) ...
            assertThat(ws.metadata().models().resolve("elec2@challenger").orElseThrow().version()).isEqualTo(2);
            // ... but the sandbox server could not load it, so the canary failed and blocked the promotion
            StepRunRow canary = step(ws, run.runId(), "canary");
            assertThat(canary.state()).isEqualTo(StepStatus.FAILED);
            assertThat(canary.error()).hasValueSatisfying(e -> assertThat(e)
                    .contains("canary: the candidate model cannot be served")
                    .contains("holds only a preprocessing transform, not a model"));
            assertThat(step(ws, run.runId(), "promote").state()).isEqualTo(StepStatus.BLOCKED);
            assertThat(ws.metadata().models().resolve("elec2@champion").orElseThrow().version()).isEqualTo(1);
        }
    }

    /** A drift check of the labeled later period (as a table), and the retraining it triggers, to its end. */
    private RetrainTrigger.RunSummary retrainOnLate(Workspace ws, Path pipeline, Map<String, String> params) throws Exception {
        Path late = Elec2.parquet("late", dir);
        ModelMonitor.Outcome check = new ModelMonitor(ws, DriftThresholds.DEFAULTS, Clock.systemUTC())
                .check(new ModelMonitor.Request("elec2@champion", Optional.empty(), Optional.of(late), 10_000, Optional.empty()));
        assertThat(check.report().status()).isEqualTo(DriftStatus.DRIFT);
        try (RetrainTrigger trigger = new RetrainTrigger(new PipelineRetrainer(ws, pipeline, params, RunOptions.defaults(ws.home())),
                Duration.ofMinutes(10), Clock.systemUTC(), dir.resolve("windows"))) {
            RetrainTrigger.RunSummary run = ((RetrainTrigger.Started) trigger.onReport(check)).run().get(5, TimeUnit.MINUTES);
            ws.metadata().writer().flush();
            assertThat(ws.metadata().queries().trigger(run.runId()).orElseThrow().artifact()).hasValue(check.artifactId());
            return run;
        }
    }

    private static RunResult run(Workspace ws, Path pipeline, Map<String, String> params) {
        var p = new PipelineValidator(ComponentRegistry.defaults()).validate(new YamlPipelineLoader().load(pipeline), params);
        RunResult r = new LocalExecutor(RunOptions.defaults(ws.home()), ws).run(p, RunListener.NONE);
        ws.metadata().writer().flush();
        return r;
    }

    private static StepRunRow step(Workspace ws, String runId, String name) {
        return ws.metadata().queries().stepRun(runId, name).orElseThrow(() -> new AssertionError("no step " + name + " in " + runId));
    }

    /** Polls {@code GET /v1/models/elec2} until it reports {@code version}; the registry poll runs every 100 ms. */
    private static JsonNode awaitVersion(Client http, int version) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JsonNode served = http.get("/v1/models/elec2");
        while (served.get("version").asInt() != version && System.nanoTime() < deadline) {
            Thread.sleep(50);
            served = http.get("/v1/models/elec2");
        }
        assertThat(served.get("version").asInt()).as("version served after the promotion").isEqualTo(version);
        return served;
    }

    /** Each CSV line without its class as a JSON request row: the values are JSON numbers already. */
    private static List<String> requests(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        String[] header = lines.getFirst().split(",");
        List<String> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] v = line.split(",");
            StringBuilder b = new StringBuilder("{");
            for (int i = 0; i < header.length; i++) {
                if (header[i].equals("class")) continue;
                if (b.length() > 1) b.append(',');
                b.append('"').append(header[i]).append("\":").append(v[i]);
            }
            out.add(b.append('}').toString());
        }
        return out;
    }

    private Path copyOfTrained() throws IOException {
        Path home = dir.resolve("home");
        try (Stream<Path> files = Files.walk(trained)) {
            for (Path p : files.toList()) {
                Path to = home.resolve(trained.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(to);
                else Files.copy(p, to);
            }
        }
        return home;
    }

    /** A java.net.http client that expects 200s with JSON. */
    private record Client(HttpClient http, String base) {
        Client(int port) {
            this(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), "http://127.0.0.1:" + port);
        }

        JsonNode get(String path) {
            return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
        }

        String text(String path) throws Exception {
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(res.statusCode()).as("GET %s: %s", path, res.body()).isEqualTo(200);
            return res.body();
        }

        JsonNode post(String path, String body) {
            return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        }

        private JsonNode send(HttpRequest r) {
            try {
                HttpResponse<String> res = http.send(r, HttpResponse.BodyHandlers.ofString());
                assertThat(res.statusCode()).as("%s %s: %s", r.method(), r.uri(), res.body()).isEqualTo(200);
                return JSON.readTree(res.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
