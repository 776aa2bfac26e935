package dev.sluice.ml.model;

import dev.sluice.api.ComponentSpec;
import dev.sluice.api.PortKind;
import dev.sluice.api.StepContext;
import dev.sluice.ml.table.Column;
import dev.sluice.ml.table.Frame;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code predict} component: batch scoring. Output {@code predictions} is the {@code data} table plus
 * {@code prediction} (the class label as text, or the predicted number) and, for classification, one
 * {@code probability_<label>} column per class. The model's input columns must be present (extra columns are
 * kept and ignored). Categories not seen in training are scored as documented in
 * {@link dev.sluice.ml.model.prep.ColumnStep} (all-zero one-hot, ordinal code -1), logged and counted in
 * the metric {@code unseen_categories}. Stateless and thread-safe.
 *
 * <pre>{@code
 * score: {uses: predict, inputs: {model: evaluate.best, data: load.data}}
 * }</pre>
 */
final class PredictComponent extends TableReaderComponent {
    static final ComponentSpec SPEC = ComponentSpec.builder("predict", "1")
            .description("Adds predictions (and class probabilities) to a table.")
            .input("model", PortKind.MODEL, "the model folder, e.g. evaluate.best")
            .input("data", PortKind.TABLE, "the rows to score; the model's input columns must be present")
            .output("predictions", PortKind.TABLE, "data plus prediction (and probability_<label> per class)")
            .metric("rows", "rows scored").metric("unseen_categories", "text values not seen in training")
            .build();

    PredictComponent(TableReader tables) {
        super(SPEC, tables);
    }

    @Override
    public void run(StepContext ctx) throws Exception {
        Frame data = tables.read(ctx.input("data"));
        try (LoadedModel model = ModelArtifact.load(ctx.input("model"))) {
            Predictions p = model.predict(data);
            Frame out = withPredictions(data, p);
            tables.write(out, ctx.outputFile("predictions", "predictions.parquet"));
            long unseen = p.unseen().values().stream().mapToLong(Long::longValue).sum();
            ctx.metric("rows", data.rows());
            ctx.metric("unseen_categories", unseen);
            if (unseen > 0) ctx.log("predict: categories not seen in training, per column: " + p.unseen());
        }
    }

    /** {@code data} plus the prediction columns; fails if a name is already taken. */
    static Frame withPredictions(Frame data, Predictions p) {
        List<Column> cols = new ArrayList<>(data.columns());
        int rows = p.rows();
        if (p.task() == Task.REGRESSION) {
            double[] v = new double[rows];
            for (int r = 0; r < rows; r++) v[r] = p.outputs()[r][0];
            cols.add(new Column.Doubles(free(data, "prediction"), v, null));
            return new Frame(cols);
        }
        String[] label = new String[rows];
        for (int r = 0; r < rows; r++) label[r] = p.labels().get(p.classIndex(r));
        cols.add(new Column.Strings(free(data, "prediction"), label));
        for (int j = 0; j < p.labels().size(); j++) {
            double[] v = new double[rows];
            for (int r = 0; r < rows; r++) v[r] = p.outputs()[r][j];
            cols.add(new Column.Doubles(free(data, "probability_" + p.labels().get(j)), v, null));
        }
        return new Frame(cols);
    }

    private static String free(Frame data, String name) {
        if (data.find(name).isPresent()) {
            throw new IllegalArgumentException("the input table already has a column '" + name
                    + "'; rename or drop it before predicting (predict adds that column)");
        }
        return name;
    }
}
