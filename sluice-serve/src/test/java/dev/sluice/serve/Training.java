package dev.sluice.serve;

import dev.sluice.api.ModelVersion;
import dev.sluice.api.RunStatus;
import dev.sluice.exec.LocalExecutor;
import dev.sluice.exec.RunListener;
import dev.sluice.exec.RunOptions;
import dev.sluice.exec.RunResult;
import dev.sluice.exec.Workspace;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.pipeline.PipelineBuilder;
import dev.sluice.store.Digest;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Trains and registers real models for the serving tests with the sluice-ml components through a Workspace and the
 * LocalExecutor: csv → (sql) → split → trainer → register.
 */
public final class Training {
    private Training() {}

    /** A test resource under {@code /data}. */
    public static Path data(String name) {
        try {
            return Path.of(Training.class.getResource("/data/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The full churn file of the example pipeline. */
    public static Path churnCsv() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !p.resolve("examples/churn/data/Telco-Customer-Churn.csv").toFile().isFile()) p = p.getParent();
        if (p == null) throw new IllegalStateException("examples/churn/data/Telco-Customer-Churn.csv not found above " + Path.of("").toAbsolutePath());
        return p.resolve("examples/churn/data/Telco-Customer-Churn.csv");
    }

    /** What a training run produced. */
    public record Trained(RunResult run, ModelVersion version, Path modelDir, Path testTable) {}

    /**
     * Trains {@code trainer} ({@code xgboost}, {@code logistic}, ...) on {@code csv} and registers it as {@code name}
     * with alias {@code alias}; {@code query} (may be null) is a sql step over table {@code data} before the split.
     */
    public static Trained train(Workspace ws, Path csv, String query, String target, String trainer, String name, String alias,
                                Map<String, Object> params) {
        PipelineBuilder b = Pipeline.builder("serve-test-" + name)
                .step("load", s -> s.uses("csv").with("path", csv.toString()).with("nulls", List.of("", " ")));
        String table = "load.data";
        if (query != null) {
            b.step("features", s -> s.uses("sql").input("tables", "load.data").with("query", query));
            table = "features.data";
        }
        String input = table;
        b.step("split", s -> s.uses("split").input("data", input).with("test", 0.25).with("seed", 7L))
                .step("model", s -> {
                    s.uses(trainer).input("train", "split.train").with("target", target);
                    params.forEach(s::with);
                })
                .step("register", s -> s.uses("register").input("model", "model.model").with("name", name).with("alias", alias));
        RunResult r = new LocalExecutor(RunOptions.defaults(ws.home()), ws).run(b.build(), RunListener.NONE);
        if (r.status() != RunStatus.SUCCEEDED) {
            throw new AssertionError("training run failed: " + r.steps().stream()
                    .map(s -> s.name() + " " + s.status() + " " + s.error().orElse("")).toList());
        }
        ModelVersion v = ws.metadata().models().resolve(name + "@" + alias).orElseThrow();
        Path dir = ws.store().path(Digest.parse(v.artifactId())).orElseThrow();
        return new Trained(r, v, dir, path(ws, r.step("split").orElseThrow().outputs().get("test")));
    }

    private static Path path(Workspace ws, Object output) {
        if (output instanceof Path p) return p;
        String s = String.valueOf(output);
        return ws.store().path(Digest.parse(s)).orElseGet(() -> Path.of(s));
    }
}
