package dev.sluice.ml.model.prep;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.ml.table.Column;
import dev.sluice.ml.table.Frame;
import org.junit.jupiter.api.Test;

import java.util.BitSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PreprocessorTest {
    static final PrepOptions STANDARD = new PrepOptions(PrepOptions.Impute.MEAN, PrepOptions.CategoricalImpute.MISSING_LEVEL,
            PrepOptions.Scale.STANDARD, PrepOptions.Encode.ONEHOT);

    static Frame frame(double[] x, String[] color) {
        return new Frame(List.of(new Column.Doubles("x", x, null), new Column.Strings("color", color)));
    }

    @Test
    void testDataIsTransformedWithTheTrainingMeanAndStd() {
        Frame train = frame(new double[] {1, 2, 3, 4}, new String[] {"a", "b", "a", "b"});
        Frame test = frame(new double[] {100, 102}, new String[] {"a", "a"});
        FittedTransform t = new Preprocessor(STANDARD).fit(train, List.of("x"));
        ColumnStep.Numeric n = (ColumnStep.Numeric) t.steps().getFirst();
        assertThat(n.center()).isEqualTo(2.5);
        assertThat(n.scale()).isCloseTo(Math.sqrt(1.25), within(1e-12));
        double[] out = t.transform(test).columns()[0];
        assertThat(out[0]).isCloseTo((100 - 2.5) / Math.sqrt(1.25), within(1e-9));
        assertThat(out[1]).isCloseTo((102 - 2.5) / Math.sqrt(1.25), within(1e-9));
    }

    @Test
    void affineFeaturesShareNullFreeColumnsAndGiveTheTransformsValuesOnTwoThreads() {
        int n = 100_000;   // above the size where columns are prepared on several threads
        double[] x = new double[n];
        double[] withNulls = new double[n];
        long[] count = new long[n];
        String[] color = new String[n];
        BitSet nulls = new BitSet();
        for (int r = 0; r < n; r++) {
            x[r] = Math.sin(r) * 100 + 7;
            withNulls[r] = r * 0.5;
            count[r] = r % 17;
            color[r] = r % 3 == 0 ? null : "c" + (r % 4);
            if (r % 10 == 0) nulls.set(r);
        }
        Frame frame = new Frame(List.of(new Column.Doubles("x", x, null), new Column.Doubles("w", withNulls, nulls),
                new Column.Longs("n", count, null), new Column.Strings("color", color)));
        FittedTransform t = new Preprocessor(STANDARD).fit(frame, List.of("x", "w", "n", "color"), 2);
        assertThat(t).isEqualTo(new Preprocessor(STANDARD).fit(frame, List.of("x", "w", "n", "color")));

        Transformed full = t.transform(frame, 2);
        AffineFeatures affine = t.affine(frame, 2);
        assertThat(affine.columns()[0]).as("a null-free double column is not copied").isSameAs(x);
        assertThat(affine.width()).isEqualTo(full.width());
        for (int f = 0; f < full.width(); f++) {
            for (int r = 0; r < n; r++) {
                assertThat(affine.value(f, r)).as("feature %d row %d", f, r).isEqualTo(full.columns()[f][r]);
            }
        }
        assertThat(t.transform(frame).columns()).isDeepEqualTo(full.columns());
    }

    @Test
    void takingRowsOfTheTransformedTableEqualsTransformingThoseRows() {
        Frame train = frame(new double[] {1, 2, 3, 4, 5}, new String[] {"a", "b", null, "b", "c"});
        FittedTransform t = new Preprocessor(STANDARD).fit(train, List.of("x", "color"));
        int[] rows = {4, 0, 2};
        Transformed taken = t.transform(train).take(rows);
        Transformed again = t.transform(train.take(rows));
        assertThat(taken.rows()).isEqualTo(3);
        assertThat(taken.featureNames()).isEqualTo(again.featureNames());
        assertThat(taken.columns()).isDeepEqualTo(again.columns());
    }

    @Test
    void rowMajorFloatsOfPickedRowsEqualTheRowsOfAllAcrossTiles() {
        int n = 700;   // more than two tiles of 256 rows
        double[] x = new double[n];
        String[] color = new String[n];
        for (int r = 0; r < n; r++) {
            x[r] = r * 0.5;
            color[r] = r % 3 == 0 ? null : "c" + r % 4;
        }
        Frame train = frame(x, color);
        Transformed all = new Preprocessor(STANDARD).fit(train, List.of("x", "color")).transform(train);
        float[] every = all.rowMajorFloats();
        int w = all.width();
        for (int r = 0; r < n; r++) {
            for (int f = 0; f < w; f++) assertThat(every[r * w + f]).isEqualTo((float) all.columns()[f][r]);
        }
        int[] rows = {699, 0, 256, 511, 3};
        float[] picked = all.rowMajorFloats(rows);
        assertThat(picked).hasSize(rows.length * w);
        for (int i = 0; i < rows.length; i++) {
            for (int f = 0; f < w; f++) assertThat(picked[i * w + f]).isEqualTo(every[rows[i] * w + f]);
        }
    }

    @Test
    void aNumericColumnTheTransformLeavesAsItIsIsSharedAndStillCheckedForNaN() {
        PrepOptions none = new PrepOptions(PrepOptions.Impute.NONE, PrepOptions.CategoricalImpute.MISSING_LEVEL,
                PrepOptions.Scale.NONE, PrepOptions.Encode.ONEHOT);
        double[] values = {1, 2, 3};
        Frame train = new Frame(List.of(new Column.Doubles("x", values, null)));
        FittedTransform t = new Preprocessor(none).fit(train, List.of("x"));
        assertThat(t.transform(train).columns()[0]).isSameAs(values);
        Frame bad = new Frame(List.of(new Column.Doubles("x", new double[] {1, Double.NaN, 3}, null)));
        assertThatThrownBy(() -> t.transform(bad)).hasMessageContaining("'x' has 1 NaN or infinite value");
    }

    @Test
    void oneHotColumnsOfATableAreMadeOnceAndSharedByEveryTransformThatEncodesItAlike() {
        Frame train = frame(new double[] {1, 2, 3, 4}, new String[] {"a", "b", null, "b"});
        FittedTransform t = new Preprocessor(STANDARD).fit(train, List.of("x", "color"));
        Transformed first = t.transform(train);
        Transformed second = new Preprocessor(STANDARD).fit(train, List.of("x", "color")).transform(train);
        for (int f = 1; f < first.width(); f++) assertThat(second.columns()[f]).isSameAs(first.columns()[f]);
        AffineFeatures affine = t.affine(train, 1);   // logistic regression reads one-hot features as level indices
        assertThat(affine.columns()[1]).isNull();
        assertThat(affine.oneHot()).singleElement().satisfies(c -> assertThat(c.levels()).containsExactly(0, 1, 2, 1));
        Transformed copy = t.transform(train.take(new int[] {0, 1, 2, 3}));
        assertThat(copy.columns()[1]).isNotSameAs(first.columns()[1]).isEqualTo(first.columns()[1]);
    }

    @Test
    void nullsAreImputedWithTheTrainingMeanOrMedian() {
        BitSet nulls = new BitSet();
        nulls.set(3);
        Frame train = new Frame(List.of(new Column.Doubles("x", new double[] {1, 2, 9, 0}, nulls)));
        PrepOptions median = new PrepOptions(PrepOptions.Impute.MEDIAN, PrepOptions.CategoricalImpute.MISSING_LEVEL,
                PrepOptions.Scale.NONE, PrepOptions.Encode.ONEHOT);
        assertThat(new Preprocessor(median).fit(train, List.of("x")).transform(train).columns()[0]).containsExactly(1, 2, 9, 2);
        PrepOptions mean = new PrepOptions(PrepOptions.Impute.MEAN, PrepOptions.CategoricalImpute.MISSING_LEVEL,
                PrepOptions.Scale.NONE, PrepOptions.Encode.ONEHOT);
        assertThat(new Preprocessor(mean).fit(train, List.of("x")).transform(train).columns()[0]).containsExactly(1, 2, 9, 4);
    }

    @Test
    void unseenCategoriesBecomeAllZerosInOneHotAndAreCounted() {
        Frame train = frame(new double[] {1, 2, 3}, new String[] {"red", "blue", null});
        Frame test = frame(new double[] {1, 2, 3}, new String[] {"green", "red", null});
        FittedTransform t = new Preprocessor(STANDARD).fit(train, List.of("color"));
        assertThat(t.featureNames()).containsExactly("color=blue", "color=red", "color=__missing__");
        Transformed x = t.transform(test);
        assertThat(new double[] {x.columns()[0][0], x.columns()[1][0], x.columns()[2][0]}).containsExactly(0, 0, 0);
        assertThat(x.columns()[1][1]).isEqualTo(1);
        assertThat(x.columns()[2][2]).isEqualTo(1);
        assertThat(x.unseen()).containsEntry("color", 1L);
    }

    @Test
    void unseenCategoriesGetTheReservedOrdinalCode() {
        PrepOptions ordinal = new PrepOptions(PrepOptions.Impute.MEAN, PrepOptions.CategoricalImpute.MOST_FREQUENT,
                PrepOptions.Scale.NONE, PrepOptions.Encode.ORDINAL);
        Frame train = frame(new double[] {1, 2, 3}, new String[] {"red", "blue", "red"});
        Frame test = frame(new double[] {1, 2, 3}, new String[] {"green", "blue", null});
        Transformed x = new Preprocessor(ordinal).fit(train, List.of("color")).transform(test);
        assertThat(x.columns()[0]).containsExactly(-1, 0, 1);   // null -> most frequent "red" = 1
        assertThat(x.unseen()).containsEntry("color", 1L);
    }

    @Test
    void nanValuesAreRejectedNamingTheColumnAndCount() {
        Frame train = frame(new double[] {1, Double.NaN, Double.POSITIVE_INFINITY}, new String[] {"a", "b", "c"});
        assertThatThrownBy(() -> new Preprocessor(STANDARD).fit(train, List.of("x")))
                .hasMessage("column 'x' has 2 NaN or infinite values (first at row 1); nulls are imputed but NaN/inf are not:"
                        + " replace them with NULL or drop those rows upstream (e.g. a sql step with isfinite(x))");
    }

    @Test
    void missingColumnAtPredictionTimeIsNamed() {
        Frame train = frame(new double[] {1, 2}, new String[] {"a", "b"});
        FittedTransform t = new Preprocessor(STANDARD).fit(train, List.of("x", "color"));
        Frame test = new Frame(List.of(new Column.Doubles("x", new double[] {1}, null)));
        assertThatThrownBy(() -> t.transform(test)).hasMessage("the model needs column 'color', which the table lacks;"
                + " the table has x. Provide the column (same name as in training)");
    }

    @Test
    void fittedTransformRoundTripsThroughJson() throws Exception {
        Frame train = frame(new double[] {1, 2, 3}, new String[] {"red", "blue", null});
        FittedTransform t = new Preprocessor(STANDARD).fit(train, List.of("x", "color"));
        ObjectMapper json = new ObjectMapper();
        FittedTransform back = json.readValue(json.writeValueAsString(t), FittedTransform.class);
        assertThat(back).isEqualTo(t);
        assertThat(json.writeValueAsString(t)).contains("\"kind\":\"onehot\"", "\"kind\":\"numeric\"");
    }
}
