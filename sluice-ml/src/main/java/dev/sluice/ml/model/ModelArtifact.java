package dev.sluice.ml.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sluice.ml.model.tree.Forest;
import dev.sluice.ml.model.xgb.XgbScorer;
import ml.dmlc.xgboost4j.java.XGBoostError;

import dev.sluice.ml.model.prep.ColumnStep;
import dev.sluice.ml.model.prep.FittedTransform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads and writes model folders (the {@code model} artifacts): {@code model.json} ({@link ModelInfo}) plus,
 * for tree models, the trees in a documented format: {@code xgboost.json} (XGBoost's own JSON) or
 * {@code forest.json} ({@link Forest}). Never Java serialization. Files are written atomically (temporary
 * file, then rename). Stateless and thread-safe.
 *
 * <pre>{@code
 * try (LoadedModel m = ModelArtifact.load(Path.of("outputs/model"))) {
 *     Predictions p = m.predict(frame);
 * }
 * }</pre>
 */
public final class ModelArtifact {
    /** The head file of every model folder. */
    public static final String MODEL_JSON = "model.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            // a map's entries by key: an immutable map's own order changes from one JVM to the next, and a model
            // folder must be the same bytes whenever the same inputs, parameters and seed made it
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static final Logger LOG = LoggerFactory.getLogger(ModelArtifact.class);

    private ModelArtifact() {}

    /**
     * Builds the JSON serializers of {@code model.json} once (by serializing a small model of every part's kind
     * and throwing the bytes away): trainers call it on a background thread while they read their table, so that
     * the step's final write does not pay for Jackson's first use (0.1-0.4 s on a busy machine). Idempotent.
     */
    public static void warmUp() {
        try {
            FittedTransform prep = new FittedTransform(List.of(new ColumnStep.Numeric("x", "double", 0.0, 0, 1),
                    new ColumnStep.OneHot("c", List.of("a"), "a"), new ColumnStep.Ordinal("o", List.of("a"), "a")));
            ModelInfo.Training training = new ModelInfo.Training(1, 3, Map.of("c", 1.0), Map.of("iterations", 1.0));
            for (ModelBody body : List.of(new ModelBody.Logistic(new double[][] {{1}}, new double[] {0}),
                    new ModelBody.Xgboost("xgboost.json", "binary:logistic", 1, 1, 0, "random", 1))) {
                JSON.writeValue(OutputStream.nullOutputStream(), new ModelInfo(ModelInfo.FORMAT_VERSION, body.typeName(),
                        "warm-up", Task.CLASSIFICATION, "y", List.of("0", "1"), List.of(new ModelInfo.Field("x", "double")),
                        prep.featureNames(), prep, body, training));
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("model.json warm-up failed (the real write will build the serializers): {}", e.toString());
        }
    }

    /** The JSON mapper of model files (snake_case names). */
    public static ObjectMapper json() {
        return JSON;
    }

    /** Writes {@code info} as {@code dir/model.json}. */
    public static void writeInfo(Path dir, ModelInfo info) throws IOException {
        writeJson(dir.resolve(MODEL_JSON), info);
    }

    /** Writes any JSON document atomically. */
    public static void writeJson(Path file, Object value) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writeValue(tmp.toFile(), value);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads {@code dir/model.json}; fails with what is wrong when the folder is not a model of a known version. */
    public static ModelInfo readInfo(Path dir) throws IOException {
        Path file = dir.resolve(MODEL_JSON);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(dir + " is not a model folder: it has no " + MODEL_JSON
                    + "; wire a trainer's 'model' output here");
        }
        ModelInfo info = JSON.readValue(file.toFile(), ModelInfo.class);
        if (info.formatVersion() > ModelInfo.FORMAT_VERSION) {
            throw new IllegalArgumentException(file + " has format_version " + info.formatVersion()
                    + ", newer than this Sluice reads (" + ModelInfo.FORMAT_VERSION + "); upgrade Sluice");
        }
        return info;
    }

    /** Reads the model folder {@code dir} and builds its predictor. */
    public static LoadedModel load(Path dir) throws IOException {
        ModelInfo info = readInfo(dir);
        Predictor p = switch (info.model()) {
            case ModelBody.Linear l -> new Predictors.Linear(l.coefficients(), l.intercept());
            case ModelBody.Logistic l -> new Predictors.Logistic(l.coefficients(), l.intercepts(), info.labels().size());
            case ModelBody.RandomForest f ->
                    new Predictors.RandomForest(Forest.fromJson(JSON.readValue(inside(dir, f.file()).toFile(), Forest.Json.class)));
            case ModelBody.Xgboost x -> xgboost(dir, x, info);
            case ModelBody.TransformOnly t -> throw new IllegalArgumentException(dir
                    + " holds only a preprocessing transform, not a model; wire a trainer's 'model' output here");
        };
        if (p.features() != info.featureNames().size()) {
            p.close();
            throw new IllegalArgumentException(dir + ": the model expects " + p.features() + " features but model.json lists "
                    + info.featureNames().size() + "; the folder is corrupt, retrain the model");
        }
        return new LoadedModel(info, p);
    }

    private static Predictor xgboost(Path dir, ModelBody.Xgboost x, ModelInfo info) {
        try {
            XgbScorer s = XgbScorer.load(inside(dir, x.file()));
            return new Predictors.Xgboost(s, info.featureNames().size(), info.outputs(),
                    info.task() == Task.CLASSIFICATION && info.labels().size() == 2);
        } catch (XGBoostError e) {
            throw new IllegalArgumentException("cannot load XGBoost model " + dir.resolve(x.file()) + ": " + e.getMessage(), e);
        }
    }

    /** {@code dir/name}, refusing names that would leave the folder. */
    static Path inside(Path dir, String name) {
        Path p = dir.resolve(name).normalize();
        if (!p.startsWith(dir.normalize()) || name.contains("/") || name.contains("\\")) {
            throw new IllegalArgumentException("model file name '" + name + "' must be a plain file name inside " + dir);
        }
        return p;
    }

    /** Copies the model folder {@code from} into the (empty or absent) folder {@code to}. */
    public static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
