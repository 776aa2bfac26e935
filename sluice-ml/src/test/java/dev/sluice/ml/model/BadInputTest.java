package dev.sluice.ml.model;

import dev.sluice.ml.table.Column;
import dev.sluice.ml.table.Frame;
import dev.sluice.testing.TestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.BitSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each kind of bad training input fails with a message that says what and what to do. */
class BadInputTest {
    @TempDir
    Path dir;

    static Frame small(double[] x, String[] y) {
        return new Frame(List.of(new Column.Doubles("x", x, null), new Column.Strings("y", y)));
    }

    void train(Frame frame, String target) throws Exception {
        TestContext ctx = new TestContext(dir.resolve("step")).named("train").cpus(2)
                .input("train", TestData.parquet(frame, dir.resolve("train.parquet"))).param("target", target);
        LogisticTrainer trainer = new LogisticTrainer(TestData.TABLES);
        trainer.run(ctx.defaultsOf(trainer));
    }

    @Test
    void missingTargetColumnListsTheColumnsThereAre() {
        assertThatThrownBy(() -> train(small(new double[] {1, 2}, new String[] {"a", "b"}), "label"))
                .hasMessage("target column 'label' is not in the training table; the table has x, y. Set 'target' to one of them");
    }

    @Test
    void targetWithNullsSaysHowMany() {
        assertThatThrownBy(() -> train(small(new double[] {1, 2, 3}, new String[] {"a", null, null}), "y"))
                .hasMessage("target column 'y' has 2 null values in the training table; drop those rows upstream"
                        + " (e.g. a sql step with WHERE \"y\" IS NOT NULL)");
    }

    @Test
    void emptyTrainingTableIsRejected() {
        assertThatThrownBy(() -> train(small(new double[0], new String[0]), "y"))
                .hasMessage("the training table has 0 rows; check the steps upstream (a filter or split that kept nothing?)");
    }

    @Test
    void nanFeatureNamesTheColumnAndCount() {
        Frame f = small(new double[] {1, Double.NaN, 3, 4}, new String[] {"a", "b", "a", "b"});
        assertThatThrownBy(() -> train(f, "y")).hasMessageStartingWith("column 'x' has 1 NaN or infinite value (first at row 1)");
    }

    @Test
    void unsupportedColumnTypeIsNamedWithAFix() throws Exception {
        Path file = dir.resolve("dates.parquet");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("COPY (SELECT DATE '2020-01-01' + i::INTEGER AS day, i * 1.5 AS x, CASE WHEN i % 2 = 0 THEN 'a' ELSE 'b' END AS y"
                    + " FROM range(4) t(i)) TO '" + file + "' (FORMAT parquet)");
        }
        TestContext ctx = new TestContext(dir.resolve("step")).named("train").cpus(2).input("train", file).param("target", "y");
        assertThatThrownBy(() -> TestContext.run(new LogisticTrainer(TestData.TABLES), ctx))
                .hasMessage("column 'day' of dates.parquet has type DATE, which model steps cannot use; cast it to a number"
                        + " or text in a sql step (e.g. epoch(day) for a timestamp) or drop the column");
    }

    @Test
    void regressionTrainerRefusesAClassTarget() {
        assertThatThrownBy(() -> {
            TestContext ctx = new TestContext(dir.resolve("step")).named("train").cpus(2).param("target", "y").input("train",
                    TestData.parquet(small(new double[] {1, 2}, new String[] {"a", "b"}), dir.resolve("t.parquet")));
            TestContext.run(new LinearTrainer(TestData.TABLES), ctx);
        }).hasMessage("linear is a regression trainer but target 'y' is a classification target; use logistic,"
                + " or set task: regression if the target is numeric");
    }

    @Test
    void singleClassTargetIsRejected() {
        assertThatThrownBy(() -> train(small(new double[] {1, 2}, new String[] {"a", "a"}), "y"))
                .hasMessage("target column 'y' has a single value [a]; a classifier needs at least two classes"
                        + " (check the split or the filter upstream)");
    }

    @Test
    void missingValuesWithImputeNoneAreRefusedByLogistic() {
        BitSet nulls = new BitSet();
        nulls.set(0);
        Frame f = new Frame(List.of(new Column.Doubles("x", new double[] {0, 2, 3, 4}, nulls),
                new Column.Strings("y", new String[] {"a", "b", "a", "b"})));
        assertThatThrownBy(() -> {
            TestContext ctx = new TestContext(dir.resolve("step")).named("train").cpus(2).param("target", "y").param("impute", "none")
                    .input("train", TestData.parquet(f, dir.resolve("n.parquet")));
            TestContext.run(new LogisticTrainer(TestData.TABLES), ctx);
        }).hasMessage("feature 'x' has 1 missing values and logistic cannot use missing values; set impute: mean or median");
    }
}
