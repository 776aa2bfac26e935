package dev.sluice.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sluice.api.ModelVersion;
import dev.sluice.exec.Workspace;
import dev.sluice.meta.Lineage;
import dev.sluice.meta.StepRunRow;
import dev.sluice.meta.StepState;
import dev.sluice.ml.model.ModelArtifact;
import dev.sluice.ml.model.ModelInfo;
import dev.sluice.ml.model.Task;
import dev.sluice.store.Digest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A registered version as {@code sluice models} shows it: its model type ({@code xgboost}, {@code logistic}...,
 * from the stored {@code model.json}) and its metrics in a stable order, the selection metric first (the
 * {@code metric} of the {@code evaluate} step that produced it, or that step's default: {@code auc} for a classifier,
 * {@code rmse} for a regression), then the others by name. Immutable.
 *
 * @param modelType the model's type, or {@code -} when its folder is no longer in the store or is not a model
 * @param selection the selection metric, when the version has it
 */
record ModelVersionView(ModelVersion version, String modelType, Optional<String> selection, Map<String, Double> metrics) {
    ModelVersionView {
        metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /** Reads the version's model type from the store and its selection metric from the step run that produced it. */
    static ModelVersionView of(Workspace ws, ModelVersion v) {
        Optional<ModelInfo> info = info(ws, v);
        Optional<String> selection = producerMetric(ws, v)
                .or(() -> info.map(i -> i.task() == Task.CLASSIFICATION ? "auc" : "rmse"))
                .filter(v.metrics()::containsKey);
        return new ModelVersionView(v, info.map(ModelInfo::modelType).orElse("-"), selection, ordered(v.metrics(), selection));
    }

    /** The metrics by name, {@code first} (when given) before the others. */
    static Map<String, Double> ordered(Map<String, Double> metrics, Optional<String> first) {
        List<String> names = new ArrayList<>(metrics.keySet());
        names.sort(Comparator.<String, Boolean>comparing(n -> !first.map(n::equals).orElse(false)).thenComparing(n -> n));
        Map<String, Double> out = new LinkedHashMap<>();
        for (String n : names) out.put(n, metrics.get(n));
        return out;
    }

    /** {@code auc=0.8412 accuracy=0.8013 best_index=2 ...}: every metric, in order. */
    String metricsText() {
        List<String> parts = new ArrayList<>();
        metrics.forEach((name, value) -> parts.add(name + "=" + number(value)));
        return String.join(" ", parts);
    }

    /** A whole number as such, anything else with 4 significant digits. */
    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.4g", v);
    }

    private static Optional<ModelInfo> info(Workspace ws, ModelVersion v) {
        try {
            Optional<Path> folder = ws.store().path(Digest.parse(v.artifactId()));
            return folder.isEmpty() ? Optional.empty() : Optional.of(ModelArtifact.readInfo(folder.get()));
        } catch (IOException | RuntimeException e) {   // gone, or not a Sluice model (a command step's folder)
            return Optional.empty();
        }
    }

    /** The {@code metric} parameter of the newest step run (not a cache hit) that produced the version's artifact. */
    private static Optional<String> producerMetric(Workspace ws, ModelVersion v) {
        Lineage up = ws.metadata().lineage().upstream(v.artifactId());
        return up.nodes().stream().filter(n -> n.depth() == 1).map(Lineage.Node::stepRun)
                .filter(s -> s.state() == StepState.SUCCEEDED && s.params().containsKey("metric"))
                .max(Comparator.comparing(StepRunRow::started))
                .flatMap(s -> text(s.params().get("metric")));
    }

    private static Optional<String> text(String json) {
        try {
            var node = ProblemReport.JSON.readTree(json);
            return node != null && node.isTextual() ? Optional.of(node.asText()) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
