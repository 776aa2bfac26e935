package dev.sluice.ml.model;

import dev.sluice.api.Component;
import dev.sluice.api.ComponentProvider;

import java.util.List;

/**
 * Registers the model components: {@code preprocess}, {@code xgboost}, {@code logistic}, {@code linear},
 * {@code random_forest}, {@code evaluate} and {@code predict} (through
 * {@code META-INF/services/dev.sluice.api.ComponentProvider}). Stateless and thread-safe.
 */
public final class ModelComponents implements ComponentProvider {
    private final TableReader tables;

    public ModelComponents() {
        this(TableReader.duckdb());
    }

    /** With another table reader (tests, or the shared table I/O). */
    public ModelComponents(TableReader tables) {
        this.tables = tables;
    }

    @Override
    public List<Component> components() {
        return List.of(new PreprocessComponent(tables), new XgboostTrainer(tables), new LogisticTrainer(tables),
                new LinearTrainer(tables), new RandomForestTrainer(tables), new EvaluateComponent(tables),
                new PredictComponent(tables));
    }
}
