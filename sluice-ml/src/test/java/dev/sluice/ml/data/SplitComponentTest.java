package dev.sluice.ml.data;

import dev.sluice.api.PipelineException;
import dev.sluice.ml.Fixtures;
import dev.sluice.ml.TestContext;
import dev.sluice.ml.table.Column;
import dev.sluice.ml.table.Frame;
import dev.sluice.ml.table.TableIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SplitComponentTest {
    @TempDir Path dir;

    private Path telco() throws Exception {
        Fixtures.telcoCsv(dir);
        TestContext ctx = new TestContext(dir.resolve("load")).param("path", dir.resolve("data/telco.csv").toString())
                .bind(CsvComponent.SPEC);
        new CsvComponent().run(ctx);
        return ctx.output("data");
    }

    private TestContext split(Path table, String out, Object... params) throws Exception {
        TestContext ctx = new TestContext(dir.resolve(out)).input("data", table);
        for (int i = 0; i < params.length; i += 2) ctx.param((String) params[i], params[i + 1]);
        ctx.bind(SplitComponent.SPEC);
        new SplitComponent().run(ctx);
        return ctx;
    }

    private static List<String> ids(Path table) {
        return Arrays.asList(((Column.Strings) TableIO.read(table, List.of("customerID")).column("customerID")).values());
    }

    @Test
    void randomSplitHasTheRightSizesAndCoversEveryRowOnce() throws Exception {
        TestContext ctx = split(telco(), "s", "test", 0.2, "validation", 0.1);
        List<String> train = ids(ctx.output("train"));
        List<String> test = ids(ctx.output("test"));
        List<String> val = ids(ctx.output("validation"));
        assertThat(test).hasSize(61);          // round(303 * 0.2)
        assertThat(val).hasSize(30);           // round(303 * 0.1)
        assertThat(train).hasSize(212);
        Set<String> all = new HashSet<>(train);
        all.addAll(test);
        all.addAll(val);
        assertThat(all).hasSize(303);
        assertThat(ctx.metrics).containsEntry("train_rows", 212.0).containsEntry("test_rows", 61.0).containsEntry("validation_rows", 30.0);
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() throws Exception {
        Path table = telco();
        List<String> a = ids(split(table, "a", "seed", 7).output("test"));
        List<String> b = ids(split(table, "b", "seed", 7).output("test"));
        List<String> c = ids(split(table, "c", "seed", 8).output("test"));
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
        assertThat(Files.readAllBytes(dir.resolve("a/outputs/test/test.parquet"))).isEqualTo(Files.readAllBytes(dir.resolve("b/outputs/test/test.parquet")));
    }

    @Test
    void stratifiedSplitKeepsClassProportions() throws Exception {
        TestContext ctx = split(telco(), "s", "method", "stratified", "stratify", "Churn", "test", 0.25);
        // 226 No and 77 Yes: round(226 * 0.25) = 57 and round(77 * 0.25) = 19 in test
        assertThat(count(ctx.output("test"), "Yes")).isEqualTo(19);
        assertThat(count(ctx.output("test"), "No")).isEqualTo(56 + 1);
        assertThat(count(ctx.output("train"), "Yes")).isEqualTo(58);
        assertThat(count(ctx.output("train"), "No")).isEqualTo(169);
        assertThat(TableIO.read(ctx.output("validation")).rows()).isZero();
    }

    @Test
    void timeSplitPutsTheLatestRowsInTest() throws Exception {
        TestContext ctx = split(telco(), "s", "method", "time", "time_column", "tenure", "test", 0.1);
        long[] train = ((Column.Longs) TableIO.read(ctx.output("train")).column("tenure")).values();
        long[] test = ((Column.Longs) TableIO.read(ctx.output("test")).column("tenure")).values();
        assertThat(test).hasSize(30);
        assertThat(Arrays.stream(test).min().orElseThrow()).isGreaterThanOrEqualTo(Arrays.stream(train).max().orElseThrow());
    }

    @Test
    void missingStratifyColumnListsTheColumns() throws Exception {
        Path table = telco();
        assertThatThrownBy(() -> split(table, "s", "method", "stratified", "stratify", "churn"))
                .isInstanceOf(PipelineException.class)
                .hasMessageStartingWith("split: input 'data' has no column 'churn' (did you mean 'Churn'?); its columns are: customerID, gender,");
    }

    @Test
    void stratifiedWithoutAColumnSaysWhichParameterIsMissing() throws Exception {
        Path table = telco();
        assertThatThrownBy(() -> split(table, "s", "method", "stratified"))
                .hasMessage("split: method stratified needs parameter 'stratify' naming a column");
    }

    @Test
    void fractionsThatLeaveNoTrainRowsFail() throws Exception {
        Path table = telco();
        assertThatThrownBy(() -> split(table, "s", "test", 0.6, "validation", 0.4))
                .hasMessage("split: test + validation = 1.0 leaves no rows for train; keep the sum below 1");
    }

    private static long count(Path table, String churn) {
        return Arrays.stream(((Column.Strings) TableIO.read(table, List.of("Churn")).column("Churn")).values())
                .filter(churn::equals).count();
    }
}
