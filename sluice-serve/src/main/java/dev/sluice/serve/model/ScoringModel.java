package dev.sluice.serve.model;

import dev.sluice.ml.model.ModelArtifact;
import dev.sluice.ml.model.ModelBody;
import dev.sluice.ml.model.ModelInfo;
import dev.sluice.ml.model.Predictor;
import dev.sluice.ml.model.Task;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A model folder made ready for per-row scoring in pure Java: the request schema, the compiled preprocessing and a
 * predictor. XGBoost models are compiled to {@link XgbTrees} (no native library on the request path); linear,
 * logistic and random-forest models use Sluice's own allocation-free predictors. Immutable and thread-safe.
 *
 * <pre>{@code
 * ScoringModel m = ScoringModel.load(dir);
 * double[] x = new double[m.features()], out = new double[m.outputs()];
 * m.transform().apply(row, x);
 * m.predictor().predict(x, out);
 * }</pre>
 */
public record ScoringModel(ModelInfo info, InputSchema schema, RowTransform transform, Predictor predictor) {
    /** Reads and compiles the model folder {@code dir}. */
    public static ScoringModel load(Path dir) throws IOException {
        ModelInfo info = ModelArtifact.readInfo(dir);
        Predictor predictor = switch (info.model()) {
            case ModelBody.Xgboost x -> XgbTrees.load(inside(dir, x.file()));
            case ModelBody.TransformOnly t -> throw new IllegalArgumentException(dir
                    + " holds only a preprocessing transform, not a model; register a trainer's 'model' output");
            default -> ModelArtifact.load(dir).predictor();   // pure-Java predictors: nothing native to close
        };
        InputSchema schema = InputSchema.of(info.inputSchema());
        RowTransform transform = RowTransform.compile(info.preprocess(), schema);
        if (predictor.features() != transform.width() || predictor.outputs() != info.outputs()) {
            throw new IllegalArgumentException(dir + ": the model takes " + predictor.features() + " features and gives "
                    + predictor.outputs() + " outputs, but model.json describes " + transform.width() + " and "
                    + info.outputs() + "; the folder is corrupt, retrain the model");
        }
        return new ScoringModel(info, schema, transform, predictor);
    }

    private static Path inside(Path dir, String file) {
        Path p = dir.resolve(file).normalize();
        if (!p.startsWith(dir.normalize()) || !Files.isRegularFile(p)) {
            throw new IllegalArgumentException("model file '" + file + "' is not a file inside " + dir);
        }
        return p;
    }

    public boolean classification() {
        return info.task() == Task.CLASSIFICATION;
    }

    public List<String> labels() {
        return info.labels();
    }

    public int features() {
        return transform.width();
    }

    public int outputs() {
        return predictor.outputs();
    }

    /** Preprocesses and scores one row; returns the number of unseen categories in it. */
    public int score(RowValues row, double[] features, double[] out) {
        int unseen = transform.apply(row, features);
        predictor.predict(features, out);
        return unseen;
    }
}
