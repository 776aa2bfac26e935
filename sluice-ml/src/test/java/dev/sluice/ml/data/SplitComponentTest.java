package dev.sluice.ml.data;

import dev.sluice.api.PipelineException;
import dev.sluice.ml.Fixtures;
import dev.sluice.testing.TestContext;
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
        assertThat(test).hasSize(61);          // ceil(303 * 0.2 = 60.6)
        assertThat(val).hasSize(31);           // ceil(303 * 0.1 = 30.3)
        assertThat(train).hasSize(211);
        Set<String> all = new HashSet<>(train);
        all.addAll(test);
        all.addAll(val);
        assertThat(all).hasSize(303);
        assertThat(ctx.metrics).containsEntry("train_rows", 211.0).containsEntry("test_rows", 61.0).containsEntry("validation_rows", 31.0);
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
        assertThat(test).hasSize(31);          // ceil(303 * 0.1 = 30.3)
        assertThat(Arrays.stream(test).min().orElseThrow()).isGreaterThanOrEqualTo(Arrays.stream(train).max().orElseThrow());
    }

    @Test
    void orderedSplitKeepsTheFileOrderFirstRowsTrainThenValidationThenTest() throws Exception {
        Path table = telco();
        List<String> all = ids(table);
        TestContext ctx = split(table, "s", "method", "ordered", "test", 0.2, "validation", 0.1);
        // ceil(303 * 0.2) = 61 last rows to test, the ceil(30.3) = 31 before them to validation, the first 211 to train
        assertThat(ids(ctx.output("train"))).isEqualTo(all.subList(0, 211));
        assertThat(ids(ctx.output("validation"))).isEqualTo(all.subList(211, 242));
        assertThat(ids(ctx.output("test"))).isEqualTo(all.subList(242, 303));
        assertThat(ctx.log).contains("split (ordered, by row order): train 211, test 61, validation 31 rows");
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

    @Test
    void stratifiedTestSizeIsTheCeilingOfTheFractionOverAllRowsAsInScikitLearn() throws Exception {
        // 101,766 rows in three classes (the proportions of the UCI diabetes readmission table): 20% is 20,353.2
        Path table = classes(dir.resolve("t.parquet"), new String[] {"NO", ">30", "<30"}, new int[] {54_864, 35_545, 11_357});
        TestContext ctx = split(table, "s", "method", "stratified", "stratify", "y", "test", 0.2, "seed", 7);
        assertThat(ctx.metrics).containsEntry("test_rows", 20_354.0).containsEntry("train_rows", 81_412.0);
        // per class, 20,354 * n / 101,766 is 10,973.23, 7,109.28 and 2,271.49: the row left goes to the largest remainder
        Frame test = TableIO.read(ctx.output("test"));
        assertThat(counts(test)).containsEntry("NO", 10_973L).containsEntry(">30", 7_109L).containsEntry("<30", 2_272L);
    }

    @Test
    void fractionsAreTakenAsWrittenSoSevenPercentOfAHundredIsSeven() throws Exception {
        // 0.07 * 100 is 7.000000000000001 in binary floating point; its ceiling would be 8
        Path table = classes(dir.resolve("t.parquet"), new String[] {"a", "b"}, new int[] {60, 40});
        assertThat(split(table, "r", "test", 0.07).metrics).containsEntry("test_rows", 7.0);
        assertThat(split(table, "s", "test", 0.07, "method", "stratified", "stratify", "y").metrics).containsEntry("test_rows", 7.0);
        assertThat(split(table, "t", "test", 0.07, "validation", 0.07).metrics)
                .containsEntry("test_rows", 7.0).containsEntry("validation_rows", 7.0).containsEntry("train_rows", 86.0);
    }

    @Test
    void stratifiedValidationIsExactAndSmallClassesAreNeverOverdrawn() throws Exception {
        // 7 classes of 1 row and one of 93: test 0.3 (30 rows), validation 0.3 (30 rows)
        String[] names = {"big", "a", "b", "c", "d", "e", "f", "g"};
        int[] sizes = {93, 1, 1, 1, 1, 1, 1, 1};
        Path table = classes(dir.resolve("t.parquet"), names, sizes);
        TestContext ctx = split(table, "s", "method", "stratified", "stratify", "y", "test", 0.3, "validation", 0.3);
        assertThat(ctx.metrics).containsEntry("test_rows", 30.0).containsEntry("validation_rows", 30.0).containsEntry("train_rows", 40.0);
    }

    private static Path classes(Path file, String[] names, int[] sizes) {
        int rows = Arrays.stream(sizes).sum();
        String[] y = new String[rows];
        long[] id = new long[rows];
        for (int i = 0, k = 0; k < names.length; k++) {
            for (int j = 0; j < sizes[k]; j++, i++) {
                y[i] = names[k];
                id[i] = i;
            }
        }
        TableIO.write(new Frame(List.of(new Column.Longs("id", id, null), new Column.Strings("y", y))), file);
        return file;
    }

    private static java.util.Map<String, Long> counts(Frame f) {
        return Arrays.stream(((Column.Strings) f.column("y")).values())
                .collect(java.util.stream.Collectors.groupingBy(v -> v, java.util.stream.Collectors.counting()));
    }

    private static long count(Path table, String churn) {
        return Arrays.stream(((Column.Strings) TableIO.read(table, List.of("Churn")).column("Churn")).values())
                .filter(churn::equals).count();
    }
}
