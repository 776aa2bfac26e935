package dev.sluice.ml.model;

import dev.sluice.api.Component;
import dev.sluice.api.ComponentSpec;
import dev.sluice.api.ParamSpec;
import dev.sluice.api.ParamType;
import dev.sluice.api.PortKind;
import dev.sluice.api.PortSpec;
import dev.sluice.api.StepContext;
import dev.sluice.ml.model.eval.ClassificationMetrics;
import dev.sluice.ml.model.eval.Evaluation;
import dev.sluice.ml.model.eval.RegressionMetrics;
import dev.sluice.ml.table.Frame;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code evaluate} component: scores every model wired to {@code models} on the {@code test} table and
 * picks the best by {@code metric} (default auc for classification, rmse for regression; ties → the first
 * wired). Records each model's metrics as {@code <name>.<metric>} (name from model.json, suffixed
 * {@code #<index>} when two models share a name) and the best model's under the plain names, so
 * {@code checks: {auc: ">= 0.8"}} gates the best one. Outputs {@code best} (a copy of the best model
 * folder) and {@code report} (JSON: every model's metrics and confusion matrix). Stateless and thread-safe.
 *
 * <pre>{@code
 * evaluate: {uses: evaluate, inputs: {models: [gbdt[*].model, logistic.model], test: split.test},
 *            checks: {auc: ">= 0.80"}}
 * }</pre>
 */
final class EvaluateComponent implements Component {
    static final List<String> METRICS = List.of("auc", "accuracy", "f1", "logloss", "rmse", "mae", "r2");

    private final TableReader tables;

    EvaluateComponent(TableReader tables) {
        this.tables = tables;
    }

    @Override
    public ComponentSpec spec() {
        return ComponentSpec.builder("evaluate", "1")
                .description("Scores models on a test table and picks the best.")
                .input(new PortSpec("models", PortKind.MODEL, true, false, "models to compare"))
                .input("test", PortKind.TABLE)
                .param(new ParamSpec("metric", ParamType.ENUM, Optional.empty(), Optional.empty(), Optional.empty(),
                        METRICS, false, "selection metric; default auc (classification) or rmse (regression)"))
                .param(new ParamSpec("target", ParamType.STRING, Optional.empty(), Optional.empty(), Optional.empty(),
                        List.of(), false, "test column holding the truth; default the models' target"))
                .output("best", PortKind.MODEL)
                .output("report", PortKind.METRICS)
                .build();
    }

    /** One model's result. */
    record Scored(int index, String key, ModelInfo info, Path dir, Evaluation evaluation) {}

    @Override
    public void run(StepContext ctx) throws Exception {
        List<Path> dirs = ctx.inputs("models");
        if (dirs.isEmpty()) throw new IllegalArgumentException("evaluate needs at least one model wired to 'models'");
        Frame test = tables.read(ctx.input("test"));
        List<Scored> scored = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < dirs.size(); i++) {
            Scored s = score(ctx, i, dirs.get(i), test, keys);
            if (!scored.isEmpty() && s.info().task() != scored.getFirst().info().task()) {
                throw new IllegalArgumentException("model " + s.key() + " is " + s.info().task().label() + " but model "
                        + scored.getFirst().key() + " is " + scored.getFirst().info().task().label() + "; compare models of one task");
            }
            scored.add(s);
        }
        String metric = ctx.optionalParam("metric").map(String::valueOf)
                .orElse(scored.getFirst().info().task() == Task.CLASSIFICATION ? "auc" : "rmse");
        Scored best = best(scored, metric);
        record(ctx, scored, best);
        ModelArtifact.copy(best.dir(), ctx.outputDir("best"));
        ModelArtifact.writeJson(ctx.outputFile("report", "report.json"), EvalReport.of(metric, scored, best));
        ctx.log("evaluate: best is " + best.key() + " with " + metric + " = " + best.evaluation().metrics().get(metric));
    }

    private Scored score(StepContext ctx, int index, Path dir, Frame test, Set<String> keys) throws Exception {
        try (LoadedModel model = ModelArtifact.load(dir)) {
            ModelInfo info = model.info();
            String target = ctx.optionalParam("target").map(String::valueOf).orElse(info.target());
            Target truth = Target.of(test, target, info.task(), info.labels());
            Predictions p = model.predict(test);
            Evaluation e = info.task() == Task.CLASSIFICATION
                    ? ClassificationMetrics.of(truth.classes(), p.outputs(), info.labels())
                    : RegressionMetrics.of(truth.values(), column0(p.outputs()));
            String key = keys.add(info.name()) ? info.name() : info.name() + "#" + index;
            keys.add(key);
            if (!p.unseen().isEmpty()) ctx.log("evaluate: " + key + " met unseen categories " + p.unseen());
            return new Scored(index, key, info, dir, e);
        }
    }

    /** The best by {@code metric}; NaN never wins; ties keep the first. */
    static Scored best(List<Scored> scored, String metric) {
        boolean higher = Evaluation.higherIsBetter(metric);
        Scored best = null;
        for (Scored s : scored) {
            Double v = s.evaluation().metrics().get(metric);
            if (v == null) {
                throw new IllegalArgumentException("metric '" + metric + "' does not apply to " + s.info().task().label()
                        + " models; use one of " + s.evaluation().metrics().keySet());
            }
            if (best == null || better(v, best.evaluation().metrics().get(metric), higher)) best = s;
        }
        return best;
    }

    private static boolean better(double v, double current, boolean higher) {
        if (Double.isNaN(v)) return false;
        if (Double.isNaN(current)) return true;
        return higher ? v > current : v < current;
    }

    private static void record(StepContext ctx, List<Scored> scored, Scored best) {
        for (Scored s : scored) {
            s.evaluation().metrics().forEach((m, v) -> ctx.metric(s.key() + "." + m, v));
        }
        best.evaluation().metrics().forEach(ctx::metric);
        ctx.metric("best_index", best.index());
    }

    private static double[] column0(double[][] out) {
        double[] v = new double[out.length];
        for (int r = 0; r < out.length; r++) v[r] = out[r][0];
        return v;
    }

    /** The {@code report} document. */
    record EvalReport(String metric, Map<String, Object> best, List<Map<String, Object>> models) {
        static EvalReport of(String metric, List<Scored> scored, Scored best) {
            List<Map<String, Object>> models = new ArrayList<>();
            for (Scored s : scored) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("index", s.index());
                m.put("name", s.key());
                m.put("model_type", s.info().modelType());
                m.put("metrics", s.evaluation().metrics());
                if (s.info().task() == Task.CLASSIFICATION) {
                    m.put("labels", s.evaluation().labels());
                    m.put("confusion", s.evaluation().confusion());
                }
                models.add(m);
            }
            return new EvalReport(metric, Map.of("index", best.index(), "name", best.key()), models);
        }
    }
}
