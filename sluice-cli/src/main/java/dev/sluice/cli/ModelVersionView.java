package dev.sluice.cli;

import dev.sluice.api.ModelVersion;
import dev.sluice.exec.ModelFacts;

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

    /** The version as shown: its facts ({@link ModelFacts}) and its metrics in order. */
    static ModelVersionView of(ModelVersion v, ModelFacts facts) {
        return new ModelVersionView(v, facts.modelType(), facts.selection(), ordered(v.metrics(), facts.selection()));
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
}
