package dev.sluice.fuzz;

import dev.sluice.api.RunStatus;
import dev.sluice.exec.LocalExecutor;
import dev.sluice.exec.RunListener;
import dev.sluice.exec.RunOptions;
import dev.sluice.exec.RunResult;
import dev.sluice.exec.Workspace;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.serve.ModelRef;
import dev.sluice.serve.ModelServer;
import dev.sluice.serve.ServeOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real {@code sluice serve} server for the HTTP fuzz targets: a logistic churn model trained on 500 telco customers
 * (the serving tests' data), registered as churn@champion in a fresh workspace and served on an ephemeral loopback
 * port. Started once per JVM; closed by a shutdown hook.
 */
final class ChurnServer {
    /** Customer 7590-VHVEG of the telco data, as a request row. */
    static final String ROW = "{\"gender\": \"Female\", \"SeniorCitizen\": 0, \"Partner\": \"Yes\", \"Dependents\": \"No\","
            + " \"tenure\": 1, \"PhoneService\": \"No\", \"MultipleLines\": \"No phone service\", \"InternetService\": \"DSL\","
            + " \"OnlineSecurity\": \"No\", \"OnlineBackup\": \"Yes\", \"DeviceProtection\": \"No\", \"TechSupport\": \"No\","
            + " \"StreamingTV\": \"No\", \"StreamingMovies\": \"No\", \"Contract\": \"Month-to-month\","
            + " \"PaperlessBilling\": \"Yes\", \"PaymentMethod\": \"Electronic check\", \"MonthlyCharges\": 29.85,"
            + " \"TotalCharges\": 29.85}";
    private static ChurnServer running;

    final Workspace workspace;
    final ModelServer server;

    private ChurnServer(Workspace workspace, ModelServer server) {
        this.workspace = workspace;
        this.server = server;
    }

    static synchronized ChurnServer get() {
        if (running == null) {
            Workspace ws = Workspace.open(tempDir());
            train(ws);
            ModelServer server = ModelServer.start(ServeOptions.defaults().withPort(0).withToken("fuzz-token")
                    .withSink((m, v, row, out, t) -> { }), ws.metadata().models(), ws.store(), List.of(ModelRef.parse("churn")));
            running = new ChurnServer(ws, server);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                ws.close();
            }));
        }
        return running;
    }

    int port() {
        return server.port();
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("sluice-fuzz-serve");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The telco sample beside the serving tests. */
    static Path telcoCsv() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("sluice-serve/src/test/resources/data/telco-500.csv"))) {
            p = p.getParent();
        }
        if (p == null) throw new IllegalStateException("sluice-serve/src/test/resources/data/telco-500.csv not found");
        return p.resolve("sluice-serve/src/test/resources/data/telco-500.csv");
    }

    private static void train(Workspace ws) {
        Pipeline p = Pipeline.builder("fuzz-churn")
                .step("load", s -> s.uses("csv").with("path", telcoCsv().toString()).with("nulls", List.of("", " ")))
                .step("features", s -> s.uses("sql").input("tables", "load.data")
                        .with("query", "SELECT * EXCLUDE (customerID) FROM data"))
                .step("train", s -> s.uses("logistic").input("train", "features.data").with("target", "Churn"))
                .step("register", s -> s.uses("register").input("model", "train.model").with("name", "churn")
                        .with("alias", "champion"))
                .build();
        RunResult r = new LocalExecutor(RunOptions.defaults(ws.home()), ws).run(p, RunListener.NONE);
        if (r.status() != RunStatus.SUCCEEDED) {
            throw new IllegalStateException("training the fuzz model failed: " + r.steps().stream()
                    .map(s -> s.name() + " " + s.status() + " " + s.error().orElse("")).toList());
        }
    }
}
