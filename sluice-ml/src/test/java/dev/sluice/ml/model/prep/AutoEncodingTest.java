package dev.sluice.ml.model.prep;

import dev.sluice.ml.table.Column;
import dev.sluice.ml.table.Frame;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code encode: auto}: a text column with at most {@code onehot_max_levels} levels is one-hot encoded, one with more
 * gets one ordinal code per level, the levels in order of their (smoothed) mean target, so that the codes grow with
 * the target rate and a tree separates high from low with one split; without a target, in order of frequency.
 */
class AutoEncodingTest {
    static final PrepOptions AUTO = new PrepOptions(PrepOptions.Impute.NONE, PrepOptions.CategoricalImpute.MISSING_LEVEL,
            PrepOptions.Scale.NONE, PrepOptions.Encode.AUTO, 16);

    /** 30 cities of 20 rows each; city i has (7 i mod 20) positives. A size column of 3 levels. */
    static Frame table(double[] target) {
        List<String> city = new ArrayList<>();
        List<String> size = new ArrayList<>();
        int r = 0;
        for (int i = 0; i < 30; i++) {
            int positives = 7 * i % 20;
            for (int k = 0; k < 20; k++, r++) {
                city.add(String.format("c%02d", i));
                size.add(List.of("S", "M", "L").get(r % 3));
                target[r] = k < positives ? 1 : 0;
            }
        }
        return new Frame(List.of(new Column.Strings("city", city.toArray(String[]::new)),
                new Column.Strings("size", size.toArray(String[]::new))));
    }

    @Test
    void fewLevelsAreOneHotAndManyLevelsAreOrdinalInOrderOfTheirTargetRate() {
        double[] y = new double[600];
        Frame train = table(y);
        FittedTransform t = new Preprocessor(AUTO).fit(train, List.of("city", "size"), 1, y);
        assertThat(t.steps().get(1)).isEqualTo(new ColumnStep.OneHot("size", List.of("L", "M", "S"), "__missing__"));
        List<String> byRate = new ArrayList<>();
        for (int i = 0; i < 30; i++) byRate.add(String.format("c%02d", i));
        // equal counts: the smoothed rate orders cities as their positives do; equal rates keep the names' order
        byRate.sort(Comparator.comparingInt((String c) -> 7 * Integer.parseInt(c.substring(1)) % 20).thenComparing(c -> c));
        assertThat(t.steps().getFirst()).isEqualTo(new ColumnStep.Ordinal("city", byRate, "__missing__"));
        assertThat(t.width()).isEqualTo(1 + 3);
        double[] codes = t.transform(train).columns()[0];
        assertThat(codes[0]).isEqualTo(byRate.indexOf("c00"));
    }

    @Test
    void withoutATargetManyLevelsAreOrderedByFrequency() {
        String[] city = new String[61];
        for (int r = 0; r < 57; r++) city[r] = "c" + (char) ('a' + r / 3);   // 19 cities of 3 rows each
        for (int r = 57; r < 61; r++) city[r] = "zz";                         // and one of 4
        Frame train = new Frame(List.of(new Column.Strings("city", city)));
        FittedTransform t = new Preprocessor(AUTO).fit(train, List.of("city"), 1, null);
        List<String> levels = ((ColumnStep.Ordinal) t.steps().getFirst()).levels();
        assertThat(levels.getFirst()).isEqualTo("zz");           // 4 rows: the most frequent first
        assertThat(levels.subList(1, levels.size())).isSorted();  // then equal counts by name
        assertThat(levels).hasSize(20);
    }

    @Test
    void explicitEncodingsKeepTheirRules() {
        double[] y = new double[600];
        Frame train = table(y);
        PrepOptions onehot = new PrepOptions(PrepOptions.Impute.NONE, PrepOptions.CategoricalImpute.MISSING_LEVEL,
                PrepOptions.Scale.NONE, PrepOptions.Encode.ONEHOT);
        PrepOptions ordinal = new PrepOptions(PrepOptions.Impute.NONE, PrepOptions.CategoricalImpute.MISSING_LEVEL,
                PrepOptions.Scale.NONE, PrepOptions.Encode.ORDINAL);
        assertThat(new Preprocessor(onehot).fit(train, List.of("city"), 1, y).width()).isEqualTo(30);
        assertThat(((ColumnStep.Ordinal) new Preprocessor(ordinal).fit(train, List.of("city"), 1, y).steps().getFirst())
                .levels()).isSorted();
    }

    @Test
    void theLogSaysWhichEncodingEachTextColumnGotAndWhy() {
        double[] y = new double[600];
        FittedTransform t = new Preprocessor(AUTO).fit(table(y), List.of("city", "size"), 1, y);
        assertThat(Preprocessor.describe(t, AUTO, true)).isEqualTo("encode auto (one-hot up to 16 levels, one ordinal code per"
                + " level above, levels in order of their mean target): ordinal: city (30 levels); one-hot: size (3 levels)"
                + " -> 4 features");
    }
}
