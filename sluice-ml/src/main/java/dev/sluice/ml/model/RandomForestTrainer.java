package dev.sluice.ml.model;

import dev.sluice.api.ParamSpec;
import dev.sluice.api.ParamType;
import dev.sluice.ml.model.tree.Forest;
import dev.sluice.ml.model.tree.ForestTrainer;

import java.util.List;

/**
 * The {@code random_forest} component: a random forest for classification (Gini) or regression (squared
 * error), histogram splits on at most 256 bins per feature, trees grown in parallel on {@code cpus} threads.
 * {@code max_features}: auto (sqrt for classification, all for regression), sqrt, log2 or all. Saved as
 * {@code forest.json} (format in {@link Forest}). Defaults: impute mean, no scaling, ordinal encoding.
 * Stateless and thread-safe.
 *
 * <pre>{@code
 * forest: {uses: random_forest, inputs: {train: split.train}, with: {target: species, trees: 200}}
 * }</pre>
 */
final class RandomForestTrainer extends TrainerComponent {
    static final String FILE = "forest.json";

    RandomForestTrainer(TableReader tables) {
        super(tables, new Header("random_forest", "1", "Random forest (histogram splits, parallel trees).",
                "mean", "none", "ordinal"));
    }

    @Override
    List<ParamSpec> modelParams() {
        return List.of(
                ParamSpec.of("trees", ParamType.INT, 100L).withBounds(1.0, 10_000.0).withDoc("trees in the forest"),
                ParamSpec.of("max_depth", ParamType.INT, 16L).withBounds(0.0, 64.0).withDoc("the deepest a tree grows; 0 = unlimited"),
                ParamSpec.of("min_samples_leaf", ParamType.INT, 1L).withBounds(1.0, null).withDoc("fewest rows a leaf may hold"),
                TrainerParams.choice("max_features", "auto", "auto", "sqrt", "log2", "all")
                        .withDoc("features tried per split; auto: sqrt for classification, all for regression"),
                ParamSpec.of("seed", ParamType.INT, 42L).withDoc("seed of the bootstrap samples and feature draws"));
    }

    @Override
    ModelBody fit(Job job) throws Exception {
        TrainingSet t = job.train();
        RejectMissing.check(t, "random_forest");
        int d = t.x().width();
        ForestTrainer trainer = new ForestTrainer((int) job.ctx().intParam("trees"), (int) job.ctx().intParam("max_depth"),
                (int) job.ctx().intParam("min_samples_leaf"), maxFeatures(job.ctx().stringParam("max_features"), d,
                t.classification()), job.ctx().intParam("seed"));
        Forest forest = t.classification()
                ? trainer.classify(t.x().columns(), t.target().classes(), t.target().labels().size(), job.threads(), job.ctx()::cancelled)
                : trainer.regress(t.x().columns(), t.target().values(), job.threads(), job.ctx()::cancelled);
        ModelArtifact.writeJson(job.dir().resolve(FILE), forest.toJson());
        return new ModelBody.RandomForest(FILE, forest.trees());
    }

    static int maxFeatures(String mode, int d, boolean classification) {
        return switch (mode) {
            case "sqrt" -> Math.max(1, (int) Math.round(Math.sqrt(d)));
            case "log2" -> Math.max(1, (int) Math.round(Math.log(d) / Math.log(2)));
            case "all" -> d;
            default -> classification ? maxFeatures("sqrt", d, true) : d;
        };
    }
}
