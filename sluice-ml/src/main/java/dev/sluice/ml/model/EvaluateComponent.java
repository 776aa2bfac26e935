package dev.sluice.ml.model;

import dev.sluice.api.ComponentSpec;
import dev.sluice.api.ModelNames;
import dev.sluice.api.ParamRule;
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
 *
 * <p><b>No regression against the champion.</b> With {@code baseline} (a registry reference such as
 * {@code elec@champion}), the registered model it resolves to is scored on the same test table and recorded as
 * {@code baseline.<metric>} with {@code baseline.version}, and {@code <metric>_gain} says how much better the best
 * candidate is on the selection metric (best − baseline for auc, accuracy, f1, r2; baseline − best for logloss,
 * rmse, mae: positive is always better). So an ordinary check is the gate, with its tolerance:
 * <pre>{@code
 * evaluate: {uses: evaluate, inputs: {models: train.model, test: split.test}, cache: false,
 *            with: {baseline: elec@champion}, checks: {auc: ">= 0.6", auc_gain: ">= -0.005"}}
 * }</pre>
 * When the reference resolves to nothing (the first training, before any champion), {@code baseline.found} is 0,
 * the gain is recorded as 0 and the gate passes; otherwise {@code baseline.found} is 1. A baseline of another task,
 * or whose input columns the test table lacks, fails the step and says which. The run must be recorded (the
 * baseline is read from the workspace's registry and store). A step with a baseline is never taken from the cache
 * ({@link #cacheable}): the reference may resolve to another version than last time.
 */
final class EvaluateComponent extends TableReaderComponent {
    static final List<String> METRICS = List.of("auc", "accuracy", "f1", "logloss", "rmse", "mae", "r2");

    static final ComponentSpec SPEC = ComponentSpec.builder("evaluate", "1")
            .description("Scores models on a test table and picks the best; the plain metrics are the best model's.")
            .input(new PortSpec("models", PortKind.MODEL, true, false, "models to compare"))
            .input("test", PortKind.TABLE, "the table every model is scored on")
            .param(new ParamSpec("metric", ParamType.ENUM, Optional.empty(), Optional.empty(), Optional.empty(),
                    METRICS, false, "selection metric; default auc (classification) or rmse (regression)"))
            .param(ParamSpec.of("baseline", ParamType.STRING, "").withDoc(
                    "a registered model to compare with on the same test table, e.g. elec@champion; records <metric>_gain"))
            .param(new ParamSpec("target", ParamType.STRING, Optional.empty(), Optional.empty(), Optional.empty(),
                    List.of(), false, "test column holding the truth; default the models' target"))
            .output("best", PortKind.MODEL, "a copy of the best model's folder")
            .output("report", PortKind.METRICS, "every model's metrics and confusion matrix, and the baseline's, as JSON")
            .rule(ParamRule.check("baseline, when given, is NAME, NAME@ALIAS or NAME@VERSION", v -> ParamRule.given(v.get("baseline"))
                    ? ModelNames.referenceProblem(String.valueOf(v.get("baseline")).trim()) : Optional.empty(), "baseline"))
            .metric("auc", "area under the ROC curve (classification; of the second label, or macro over 3+ classes)")
            .metric("accuracy", "share of rows labelled right (classification)")
            .metric("precision", "precision (classification; of the second label, or macro over 3+ classes)")
            .metric("recall", "recall (classification; of the second label, or macro over 3+ classes)")
            .metric("f1", "F1 score (classification; of the second label, or macro over 3+ classes)")
            .metric("logloss", "log loss (classification)")
            .metric("rmse", "root mean squared error (regression)")
            .metric("mae", "mean absolute error (regression)")
            .metric("r2", "coefficient of determination (regression)")
            .metric("best_index", "the position of the best model among the models wired, from 0")
            .metric("baseline.*", "the baseline's metrics, baseline.found (1 or 0) and baseline.version")
            .metric("*_gain", "how much better the best model is than the baseline on the selection metric, e.g. auc_gain")
            .metric("*.*", "each model's metrics as <model>.<metric>, e.g. logistic.auc")
            .build();

    EvaluateComponent(TableReader tables) {
        super(SPEC, tables);
    }

    /** Not with a baseline: the champion it names may have moved since the cached run. */
    @Override
    public boolean cacheable(Map<String, Object> params) {
        return params.get("baseline") instanceof String b && b.isBlank();
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
        Optional<Baseline> baseline = baseline(ctx, test, scored.getFirst().info().task(), metric, best);
        ModelArtifact.copy(best.dir(), ctx.outputDir("best"));
        ModelArtifact.writeJson(ctx.outputFile("report", "report.json"), EvalReport.of(metric, scored, best, baseline));
        ctx.log("evaluate: best is " + best.key() + " with " + metric + " = " + best.evaluation().metrics().get(metric));
    }

    /** The registered model the candidates were compared with, and the gain of the best on the selection metric. */
    record Baseline(String reference, int version, String artifact, Evaluation evaluation, double gain) {}

    /** Scores {@code baseline} when given; records its metrics and the gain; empty when not given or not found. */
    private Optional<Baseline> baseline(StepContext ctx, Frame test, Task task, String metric, Scored best) throws Exception {
        String reference = ctx.stringParam("baseline").trim();
        if (reference.isEmpty()) return Optional.empty();
        var registry = ctx.models().orElseThrow(() -> new IllegalArgumentException("evaluate: baseline '" + reference
                + "' is read from the model registry, but this run keeps no records; run it with `sluice run`"
                + " or give the LocalExecutor a Workspace"));
        Optional<dev.sluice.api.ModelVersion> found = registry.resolve(reference);
        if (found.isEmpty()) {
            ctx.metric("baseline.found", 0);
            ctx.metric(metric + "_gain", 0);
            ctx.log("evaluate: no baseline " + reference + " in the registry yet (first training?): nothing to compare with,"
                    + " " + metric + "_gain recorded as 0");
            return Optional.empty();
        }
        dev.sluice.api.ModelVersion v = found.get();
        Path dir = ctx.storedArtifact(v.artifactId()).orElseThrow(() -> new IllegalArgumentException("evaluate: baseline "
                + reference + " is " + v + ", whose model artifact " + v.artifactId() + " is not in the artifact store;"
                + " was it garbage-collected? Re-run the pipeline that trained it, or point the alias at another version"));
        Scored s;
        try {
            s = score(ctx, -1, dir, test, new HashSet<>(), reference + " (" + v + ")");
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IllegalArgumentException("evaluate: baseline " + reference + " (" + v + ") cannot score the test table: "
                    + e.getMessage(), e);
        }
        if (s.info().task() != task) {
            throw new IllegalArgumentException("evaluate: baseline " + reference + " (" + v + ") is a " + s.info().task().label()
                    + " model but the candidates are " + task.label() + "; compare models of one task");
        }
        double b = s.evaluation().metrics().get(metric);
        double c = best.evaluation().metrics().get(metric);
        double gain = Evaluation.higherIsBetter(metric) ? c - b : b - c;
        s.evaluation().metrics().forEach((m, value) -> ctx.metric("baseline." + m, value));
        ctx.metric("baseline.found", 1);
        ctx.metric("baseline.version", v.version());
        ctx.metric(metric + "_gain", gain);
        ctx.log("evaluate: baseline " + reference + " is " + v + " with " + metric + " = " + b + "; best candidate " + best.key()
                + " has " + c + " (gain " + gain + ")");
        return Optional.of(new Baseline(reference, v.version(), v.artifactId(), s.evaluation(), gain));
    }

    private Scored score(StepContext ctx, int index, Path dir, Frame test, Set<String> keys) throws Exception {
        return score(ctx, index, dir, test, keys, null);
    }

    private Scored score(StepContext ctx, int index, Path dir, Frame test, Set<String> keys, String fixedKey) throws Exception {
        try (LoadedModel model = ModelArtifact.load(dir)) {
            ModelInfo info = model.info();
            String target = ctx.optionalParam("target").map(String::valueOf).orElse(info.target());
            Target truth = Target.of(test, target, info.task(), info.labels());
            Predictions p = model.predict(test);
            Evaluation e = info.task() == Task.CLASSIFICATION
                    ? ClassificationMetrics.of(truth.classes(), p.outputs(), info.labels())
                    : RegressionMetrics.of(truth.values(), column0(p.outputs()));
            String key = fixedKey != null ? fixedKey : keys.add(info.name()) ? info.name() : info.name() + "#" + index;
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
    record EvalReport(String metric, Map<String, Object> best, List<Map<String, Object>> models,
                      @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                      Map<String, Object> baseline) {
        static EvalReport of(String metric, List<Scored> scored, Scored best, Optional<Baseline> baseline) {
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
            Map<String, Object> base = null;
            if (baseline.isPresent()) {
                Baseline b = baseline.get();
                base = new LinkedHashMap<>();
                base.put("reference", b.reference());
                base.put("version", b.version());
                base.put("artifact", b.artifact());
                base.put("metrics", b.evaluation().metrics());
                base.put(metric + "_gain", b.gain());
            }
            return new EvalReport(metric, Map.of("index", best.index(), "name", best.key()), models, base);
        }
    }
}
