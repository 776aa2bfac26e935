package dev.sluice.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.ComponentSpec;
import dev.sluice.api.ModelVersion;
import dev.sluice.api.ParamSpec;
import dev.sluice.api.ParamType;
import dev.sluice.api.PipelineException;
import dev.sluice.api.PortKind;
import dev.sluice.api.StepContext;
import dev.sluice.ml.model.LoadedModel;
import dev.sluice.ml.model.ModelArtifact;
import dev.sluice.ml.model.ModelInfo;
import dev.sluice.ml.model.TableReader;
import dev.sluice.ml.model.TableReaderComponent;
import dev.sluice.ml.model.Task;
import dev.sluice.ml.table.Frame;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code canary} component: a smoke test of a candidate model before it is promoted. It loads the model folder
 * exactly as {@code sluice serve} does (compiled to pure Java) into a real {@link ModelServer} on an ephemeral
 * loopback port, POSTs the first {@code rows} rows of the {@code data} table to it one request per row, as JSON, and
 * checks that every answer is a 200 with finite outputs that agree with batch scoring of the same rows (the
 * {@code evaluate} path) within {@code tolerance}. Otherwise the step fails saying which row and why, so a model that
 * trains but cannot be served never reaches the {@code promote} step behind it. Records {@code rows} (answered),
 * {@code failed}, {@code max_abs_diff}, {@code latency_p50_ms} and {@code latency_max_ms}, and writes them with the
 * first failure to {@code report}. Stateless and thread-safe.
 *
 * <pre>{@code
 * canary:  {uses: canary, inputs: {model: evaluate.best, data: split.test}, with: {rows: 200}, after: [register]}
 * promote: {uses: promote, inputs: {version: register.version}, after: [canary], cache: false}
 * }</pre>
 */
public final class CanaryComponent extends TableReaderComponent {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ModelRef REF = new ModelRef("candidate", "canary");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Helidon logs its start-up through java.util.logging; unless configured, the sandbox keeps that out of the run. */
    private static final java.util.logging.Logger HELIDON_LOG = java.util.logging.Logger.getLogger("io.helidon");

    static final ComponentSpec SPEC = ComponentSpec.builder("canary", "1")
            .description("Serves a candidate model in a sandbox HTTP server and checks its answers to canary rows.")
            .input("model", PortKind.MODEL, "the candidate model folder, e.g. evaluate.best")
            .input("data", PortKind.TABLE, "rows to send, e.g. split.test")
            .param(ParamSpec.of("rows", ParamType.INT, 100L).withBounds(1.0, 100_000.0)
                    .withDoc("how many rows of data to send, one request each"))
            .param(ParamSpec.of("tolerance", ParamType.DOUBLE, 1e-6).withBounds(0.0, null)
                    .withDoc("largest accepted difference between a served output and batch scoring"))
            .output("report", PortKind.METRICS, "the canary's metrics and its first failure, as JSON")
            .metric("rows", "rows answered").metric("failed", "requests that failed or disagreed with batch scoring")
            .metric("max_abs_diff", "largest |served - batch| over the outputs")
            .metric("latency_p50_ms", "median request latency").metric("latency_max_ms", "slowest request")
            .build();

    public CanaryComponent() {
        this(TableReader.duckdb());
    }

    CanaryComponent(TableReader tables) {
        super(SPEC, tables);
    }

    /** What the canary saw. */
    record Result(int answered, int failed, double maxAbsDiff, double p50Ms, double maxMs, Optional<String> firstFailure) {}

    @Override
    public void run(StepContext ctx) throws Exception {
        Path dir = ctx.input("model");
        ModelVersion candidate = new ModelVersion(REF.name(), 0, ctx.inputId("model").orElse("unrecorded"), Optional.empty(),
                Optional.empty(), Instant.now(), Map.of(), List.of(REF.alias()));
        if (HELIDON_LOG.getLevel() == null) HELIDON_LOG.setLevel(java.util.logging.Level.WARNING);
        long t0 = System.nanoTime();
        ModelServer server;
        try {
            server = ModelServer.sandbox(ServeOptions.defaults().withPort(0).withPoll(Duration.ofHours(1)), REF, candidate, dir);
        } catch (RuntimeException e) {
            throw new PipelineException("canary: the candidate model cannot be served: " + e.getMessage()
                    + "; it must not be promoted. Fix the model (or the wiring: a trainer's 'model' output) and retrain");
        }
        ctx.log("canary: sandbox server with the candidate up on port " + server.port() + " in "
                + (System.nanoTime() - t0) / 1_000_000 + " ms");
        Result r;
        List<String> bodies;
        try (server) {
            ModelInfo info = ModelArtifact.readInfo(dir);
            Frame table = tables.read(ctx.input("data"));
            bodies = CanaryRows.bodies(table, info.inputSchema(), (int) ctx.intParam("rows"));
            double[][] batch = batchScores(dir, table, bodies.size());
            r = ask(server.port(), bodies, batch, info, ctx.doubleParam("tolerance"));
        }
        record(ctx, r);
        if (r.firstFailure().isPresent()) {
            throw new PipelineException("canary: " + r.failed() + " of " + bodies.size() + " canary requests failed; first: "
                    + r.firstFailure().get() + ". The candidate must not be promoted");
        }
        ctx.log("canary: " + r.answered() + " rows answered by the sandbox server, max |served - batch| = " + r.maxAbsDiff()
                + ", latency p50 " + r.p50Ms() + " ms, max " + r.maxMs() + " ms");
    }

    /** The {@code evaluate} path: the model as a library scores the rows in one batch. */
    private static double[][] batchScores(Path dir, Frame table, int rows) throws Exception {
        int[] first = new int[rows];
        Arrays.setAll(first, i -> i);
        try (LoadedModel m = ModelArtifact.load(dir)) {
            return m.predict(table.take(first)).outputs();
        }
    }

    private static Result ask(int port, List<String> bodies, double[][] batch, ModelInfo info, double tolerance) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + port + "/v1/models/" + REF.name() + "/predict");
        HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).version(HttpClient.Version.HTTP_1_1).build();
        double[] latencies = new double[bodies.size()];
        int answered = 0;
        int failed = 0;
        double maxDiff = 0;
        String firstFailure = null;
        for (int r = 0; r < bodies.size(); r++) {
            long t0 = System.nanoTime();
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(bodies.get(r))).build(), HttpResponse.BodyHandlers.ofString());
            latencies[r] = (System.nanoTime() - t0) / 1e6;
            String problem;
            if (res.statusCode() != 200) {
                problem = "row " + r + " got HTTP " + res.statusCode() + ": " + res.body();
            } else {
                answered++;
                Check c = compare(JSON.readTree(res.body()), batch[r], info.task() == Task.CLASSIFICATION, info.labels());
                maxDiff = Math.max(maxDiff, c.diff());
                int row = r;
                problem = c.problem().map(p -> "row " + row + ": " + p).orElse(null);
                if (problem == null && c.diff() > tolerance) {
                    problem = "row " + r + ": the served output differs from batch scoring by " + c.diff() + " (tolerance "
                            + tolerance + ")";
                }
            }
            if (problem != null) {
                failed++;
                if (firstFailure == null) firstFailure = problem;
            }
        }
        http.close();
        Arrays.sort(latencies);
        return new Result(answered, failed, maxDiff, latencies.length == 0 ? 0 : latencies[latencies.length / 2],
                latencies.length == 0 ? 0 : latencies[latencies.length - 1], Optional.ofNullable(firstFailure));
    }

    /** One answer against the batch outputs: the largest difference, and what is wrong with it, if anything. */
    record Check(double diff, Optional<String> problem) {}

    static Check compare(JsonNode answer, double[] expected, boolean classification, List<String> labels) {
        if (!classification) {
            JsonNode v = answer.get("value");
            if (v == null || !v.isNumber() || !Double.isFinite(v.asDouble())) {
                return new Check(Double.POSITIVE_INFINITY, Optional.of("the value is not a finite number: " + answer));
            }
            return new Check(Math.abs(v.asDouble() - expected[0]), Optional.empty());
        }
        JsonNode probabilities = answer.get("probabilities");
        if (probabilities == null || answer.get("label") == null) {
            return new Check(Double.POSITIVE_INFINITY, Optional.of("no label and probabilities in the answer " + answer));
        }
        double diff = 0;
        for (int j = 0; j < labels.size(); j++) {
            JsonNode p = probabilities.get(labels.get(j));
            if (p == null || !p.isNumber() || !Double.isFinite(p.asDouble())) {
                return new Check(Double.POSITIVE_INFINITY, Optional.of("the probability of '" + labels.get(j)
                        + "' is not a finite number: " + answer));
            }
            diff = Math.max(diff, Math.abs(p.asDouble() - expected[j]));
        }
        return new Check(diff, Optional.empty());
    }

    private static void record(StepContext ctx, Result r) throws java.io.IOException {
        ctx.metric("rows", r.answered());
        ctx.metric("failed", r.failed());
        if (Double.isFinite(r.maxAbsDiff())) ctx.metric("max_abs_diff", r.maxAbsDiff());
        ctx.metric("latency_p50_ms", r.p50Ms());
        ctx.metric("latency_max_ms", r.maxMs());
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("rows", r.answered());
        report.put("failed", r.failed());
        report.put("max_abs_diff", Double.isFinite(r.maxAbsDiff()) ? r.maxAbsDiff() : null);
        report.put("latency_p50_ms", r.p50Ms());
        report.put("latency_max_ms", r.maxMs());
        report.put("first_failure", r.firstFailure().orElse(null));
        ModelArtifact.writeJson(ctx.outputFile("report", "canary.json"), report);
    }
}
