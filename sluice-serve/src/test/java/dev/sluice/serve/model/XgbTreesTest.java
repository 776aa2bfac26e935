package dev.sluice.serve.model;

import dev.sluice.exec.Workspace;
import dev.sluice.ml.model.LoadedModel;
import dev.sluice.ml.model.ModelArtifact;
import dev.sluice.ml.model.Predictions;
import dev.sluice.ml.table.Column;
import dev.sluice.ml.table.Frame;
import dev.sluice.ml.table.TableIO;
import dev.sluice.serve.Training;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compiled XGBoost evaluator and row transform against XGBoost's own predictions (XGBoost4J through
 * {@link LoadedModel}) on every test row of real data sets. Its speed against XGBoost4J is a JMH benchmark:
 * {@code ScoringBenchmark} in sluice-bench.
 */
class XgbTreesTest {
    /**
     * README's promise: the compiled trees answer as XGBoost does to within this, on every test row. XGBoost returns
     * float probabilities (a float's spacing is 6e-8 just below 1), so this is about one float rounding; the margins
     * are summed in float in tree order as XGBoost does, regression values match exactly.
     */
    static final double README_BOUND = 1e-7;

    @TempDir
    Path home;

    @Test
    void matchesXgboostOnTheChurnModel() throws Exception {
        double diff = maxDiff("churn", Training.churnCsv(), "SELECT * EXCLUDE (customerID) FROM data", "Churn",
                Map.of("max_depth", 4L, "rounds", 300L, "eta", 0.1));
        assertThat(diff).isLessThan(README_BOUND);
    }

    @Test
    void matchesXgboostOnMulticlassIris() throws Exception {
        assertThat(maxDiff("iris", Training.data("iris.csv"), null, "species", Map.of("max_depth", 3L, "rounds", 50L)))
                .isLessThan(README_BOUND);
    }

    @Test
    void matchesXgboostOnHousingRegressionWithMissingValues() throws Exception {
        // total_bedrooms has nulls: XGBoost's default branches; ocean_proximity is one-hot encoded text
        double diff = maxDiff("housing", Training.data("housing_sample.csv"), null, "median_house_value",
                Map.of("max_depth", 6L, "rounds", 200L));
        assertThat(diff).isLessThan(README_BOUND);
    }

    @Test
    void matchesXgboostWithHighCardinalityTextAsOrdinalCodesAndUnseenLevels() throws Exception {
        // encode: auto (the default) gives 'city' (80 levels) one ordinal code per level, ordered by the level's churn
        // rate; 'plan' (3 levels) stays one-hot; test rows hold cities the training rows never had (the solo ones)
        Path csv = home.resolve("cities.csv");
        java.util.SplittableRandom rng = new java.util.SplittableRandom(11);
        double[] effect = new double[90];
        for (int i = 0; i < effect.length; i++) effect[i] = rng.nextGaussian();
        StringBuilder text = new StringBuilder("city,plan,spend,churn\n");
        for (int r = 0; r < 4000; r++) {
            int c = r % 50 == 0 ? 80 + rng.nextInt(10) : rng.nextInt(80);   // cities 80-89: a handful of rows each
            String plan = java.util.List.of("basic", "plus", "pro").get(rng.nextInt(3));
            double spend = Math.round(rng.nextDouble() * 10_000) / 100.0;
            double z = effect[c] + 0.02 * (spend - 50) + (plan.equals("pro") ? -0.7 : 0);
            text.append(r % 100 == 0 ? "solo-" + r : "city-" + c).append(',').append(plan).append(',').append(spend).append(',')
                    .append(rng.nextDouble() < 1 / (1 + Math.exp(-z)) ? "yes" : "no").append('\n');
        }
        java.nio.file.Files.writeString(csv, text);
        double diff = maxDiff("cities", csv, null, "churn", Map.of("max_depth", 5L, "rounds", 80L, "eta", 0.1));
        assertThat(diff).isLessThan(1e-5);
    }

    private double maxDiff(String name, Path csv, String query, String target, Map<String, Object> params) throws Exception {
        try (Workspace ws = Workspace.open(home)) {
            Training.Trained t = Training.train(ws, csv, query, target, "xgboost", name, "champion", params);
            Frame test = TableIO.read(t.testTable());
            ScoringModel compiled = ScoringModel.load(t.modelDir());
            if (name.equals("cities")) {
                assertThat(compiled.info().preprocess().steps().get(0)).isInstanceOf(dev.sluice.ml.model.prep.ColumnStep.Ordinal.class);
                assertThat(compiled.info().preprocess().steps().get(1)).isInstanceOf(dev.sluice.ml.model.prep.ColumnStep.OneHot.class);
            }
            assertThat(compiled.predictor()).isInstanceOf(XgbTrees.class);
            try (LoadedModel reference = ModelArtifact.load(t.modelDir())) {
                Predictions expected = reference.predict(test);
                if (name.equals("cities")) assertThat(expected.unseen()).containsKey("city");
                double[][] want = expected.outputs();
                RowValues row = new RowValues(compiled.schema());
                double[] x = new double[compiled.features()];
                double[] out = new double[compiled.outputs()];
                double max = 0;
                for (int r = 0; r < test.rows(); r++) {
                    fill(row, compiled.schema(), test, r);
                    compiled.score(row, x, out);
                    for (int j = 0; j < out.length; j++) max = Math.max(max, Math.abs(out[j] - want[r][j]));
                }
                System.out.printf("%s: %d test rows, %d trees, max |compiled - xgboost| = %.3g%n", name, test.rows(),
                        ((XgbTrees) compiled.predictor()).trees(), max);
                return max;
            }
        }
    }

    /** Copies row {@code r} of {@code frame} into {@code row}, as the request parser would. */
    static void fill(RowValues row, InputSchema schema, Frame frame, int r) {
        row.clear();
        for (int i = 0; i < schema.size(); i++) {
            Column c = frame.column(schema.name(i));
            if (c.isNull(r)) {
                row.setNull(i);
                continue;
            }
            switch (c) {
                case Column.Doubles d -> row.setNumber(i, d.values()[r]);
                case Column.Longs l -> row.setNumber(i, l.values()[r]);
                case Column.Bools b -> row.setNumber(i, b.values()[r] ? 1 : 0);
                case Column.Strings s -> row.setText(i, s.values()[r]);
            }
        }
    }
}
