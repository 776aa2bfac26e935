package dev.sluice.bench;

import dev.sluice.api.ModelVersion;
import dev.sluice.api.RunStatus;
import dev.sluice.exec.LocalExecutor;
import dev.sluice.exec.RunListener;
import dev.sluice.exec.RunOptions;
import dev.sluice.exec.RunResult;
import dev.sluice.exec.Workspace;
import dev.sluice.ml.model.LoadedModel;
import dev.sluice.ml.model.ModelArtifact;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.serve.model.InputSchema;
import dev.sluice.serve.model.RowParser;
import dev.sluice.serve.model.RowValues;
import dev.sluice.serve.model.ScoringModel;
import dev.sluice.store.Digest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Scoring one churn row as {@code sluice serve} does, per row: the compiled preprocessing followed by the XGBoost
 * trees compiled to pure Java ({@code XgbTrees}), against the same preprocessing followed by XGBoost4J's own per-row
 * prediction through the native library. The model is trained at setup on {@code examples/churn}'s full data
 * (XGBoost, depth 4, eta 0.1, up to 300 rounds, the model whose outputs {@code XgbTreesTest} checks against
 * XGBoost's); the rows are its 7,043 customers, scored in turn. Run from the repository root, with XGBoost's OpenMP
 * threads told to wait passively as the test suite and the server do (spinning, they took 12 ms per row on two shared
 * cores): {@code OMP_WAIT_POLICY=PASSIVE java -jar sluice-bench/target/benchmarks.jar ScoringBenchmark}. On two
 * shared cores: 7 µs against 67 µs per row.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ScoringBenchmark {
    private Path home;
    private ScoringModel compiled;
    private LoadedModel xgboost;
    private RowValues[] rows;
    private double[] x;
    private double[] out;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        home = Files.createTempDirectory("sluice-scoring");
        Path csv = churnCsv();
        Path dir;
        try (Workspace ws = Workspace.open(home)) {
            Pipeline p = Pipeline.builder("scoring-bench")
                    .step("load", s -> s.uses("csv").with("path", csv.toString()).with("nulls", List.of("", " ")))
                    .step("features", s -> s.uses("sql").input("tables", "load.data")
                            .with("query", "SELECT * EXCLUDE (customerID) FROM data"))
                    .step("model", s -> s.uses("xgboost").input("train", "features.data").with("target", "Churn")
                            .with("max_depth", 4L).with("eta", 0.1).with("rounds", 300L))
                    .step("register", s -> s.uses("register").input("model", "model.model").with("name", "churn")
                            .with("alias", "champion"))
                    .build();
            RunResult r = new LocalExecutor(RunOptions.defaults(ws.home()), ws).run(p, RunListener.NONE);
            if (r.status() != RunStatus.SUCCEEDED) {
                throw new IllegalStateException("training the churn model failed: " + r.steps());
            }
            ModelVersion v = ws.metadata().models().resolve("churn@champion").orElseThrow();
            dir = ws.store().path(Digest.parse(v.artifactId())).orElseThrow();
        }
        compiled = ScoringModel.load(dir);
        xgboost = ModelArtifact.load(dir);
        rows = rows(csv, compiled.schema());
        x = new double[compiled.features()];
        out = new double[compiled.outputs()];
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        xgboost.close();
        try (var files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> {
                f.toFile().setWritable(true);
                f.toFile().delete();
            });
        }
    }

    /** Preprocessing and the compiled trees, as the server scores a row. */
    @Benchmark
    public double compiledTrees() {
        RowValues row = rows[next++ % rows.length];
        compiled.score(row, x, out);
        return out[1];
    }

    /** The same preprocessing, then XGBoost4J's per-row prediction (native). */
    @Benchmark
    public double xgboost4j() {
        RowValues row = rows[next++ % rows.length];
        compiled.transform().apply(row, x);
        xgboost.predictor().predict(x, out);
        return out[1];
    }

    /** Every customer of the CSV (no quoted fields) as a request row, read by the server's own parser. */
    private static RowValues[] rows(Path csv, InputSchema schema) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        String[] header = lines.getFirst().split(",", -1);
        Map<String, Integer> column = new HashMap<>();
        for (int c = 0; c < header.length; c++) column.put(header[c], c);
        List<RowValues> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            StringBuilder json = new StringBuilder("{");
            for (int i = 0; i < schema.size(); i++) {
                String cell = cells[column.get(schema.name(i))].trim();
                json.append(i == 0 ? "" : ",").append('"').append(schema.name(i)).append("\":");
                if (cell.isEmpty()) json.append("null");
                else if (schema.type(i).label().equals("string")) json.append('"').append(cell).append('"');
                else json.append(cell);
            }
            byte[] body = json.append('}').toString().getBytes(StandardCharsets.UTF_8);
            out.add(RowParser.parse(body, schema).rows().getFirst());
        }
        return out.toArray(RowValues[]::new);
    }

    private static Path churnCsv() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path csv = p.resolve("examples/churn/data/Telco-Customer-Churn.csv");
            if (Files.isRegularFile(csv)) return csv;
        }
        throw new IllegalStateException("examples/churn/data/Telco-Customer-Churn.csv not found: run from the repository");
    }
}
