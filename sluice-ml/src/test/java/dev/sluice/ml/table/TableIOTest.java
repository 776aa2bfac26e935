package dev.sluice.ml.table;

import dev.sluice.api.PipelineException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.BitSet;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TableIOTest {
    @TempDir Path dir;

    /** Reads the Parquet file itself, not the frame this process remembers writing there ({@link WrittenTables}). */
    private static Frame readFile(Path file) {
        WrittenTables.clear();
        return TableIO.read(file);
    }

    private static Frame readFile(Path file, List<String> columns) {
        WrittenTables.clear();
        return TableIO.read(file, columns);
    }

    @Test
    void writesAndReadsBackEveryColumnTypeWithNulls() {
        BitSet nullAt1 = new BitSet();
        nullAt1.set(1);
        Frame frame = new Frame(List.of(
                new Column.Doubles("d", new double[]{1.5, 0, Double.NaN}, nullAt1),
                new Column.Longs("l", new long[]{Long.MIN_VALUE, 0, 7}, nullAt1),
                new Column.Strings("s", new String[]{"a", null, "it's \"quoted\""}),
                new Column.Bools("b", new boolean[]{true, false, false}, nullAt1)));
        Path file = dir.resolve("t.parquet");
        TableIO.write(frame, file);

        Frame back = readFile(file);
        assertThat(back.names()).containsExactly("d", "l", "s", "b");
        assertThat(((Column.Doubles) back.column("d")).values()[0]).isEqualTo(1.5);
        assertThat(((Column.Doubles) back.column("d")).values()[2]).isNaN();
        assertThat(((Column.Longs) back.column("l")).values()[0]).isEqualTo(Long.MIN_VALUE);
        assertThat(((Column.Strings) back.column("s")).values()).containsExactly("a", null, "it's \"quoted\"");
        assertThat(((Column.Bools) back.column("b")).values()[0]).isTrue();
        for (Column c : back.columns()) {
            assertThat(c.isNull(1)).as(c.name()).isTrue();
            assertThat(c.isNull(0)).as(c.name()).isFalse();
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("t.parquet");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void textOfAnyScriptSurvivesTheWriteWhetherInstancesRepeatOrNot() {
        String cafe = "café";   // one instance in many rows (as the prediction log shares categories), and fresh copies
        String[] values = new String[5_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (i % 5) {
                case 0 -> cafe;
                case 1 -> new String("東京 " + i);
                case 2 -> "emoji \uD83D\uDE42";
                case 3 -> new String(cafe);
                default -> "";
            };
        }
        Path file = dir.resolve("text.parquet");
        TableIO.write(new Frame(List.of(new Column.Strings("s", values))), file);
        assertThat(((Column.Strings) readFile(file).column("s")).values()).containsExactly(values);
    }

    @Test
    void mapsDuckDbTypesToFourColumnKinds() throws SQLException {
        Path file = dir.resolve("types.parquet");
        try (DuckSession db = DuckSession.open(1)) {
            db.copyToParquet("SELECT 1.25::DECIMAL(10,2) AS dec, 2.5::FLOAT AS f, 3::SMALLINT AS small, 4::INTEGER AS i,"
                    + " true AS flag, DATE '2024-02-29' AS day, 'x' AS txt", file);
        }
        Schema schema = TableIO.schema(file);
        assertThat(schema.fields()).extracting(Schema.Field::type).containsExactly(
                ColumnType.DOUBLE, ColumnType.DOUBLE, ColumnType.LONG, ColumnType.LONG, ColumnType.BOOL, ColumnType.STRING, ColumnType.STRING);
        assertThat(schema.fields().getFirst().sqlType()).isEqualTo("DECIMAL(10,2)");

        Frame f = readFile(file);
        assertThat(((Column.Doubles) f.column("dec")).values()).containsExactly(1.25);
        assertThat(((Column.Doubles) f.column("f")).values()).containsExactly(2.5);
        assertThat(((Column.Longs) f.column("small")).values()).containsExactly(3);
        assertThat(((Column.Strings) f.column("day")).values()).containsExactly("2024-02-29");
    }

    @Test
    void readsChosenColumnsAcrossManyChunks() {
        int n = 5000;   // more than two DuckDB vectors of 2048 rows
        double[] d = new double[n];
        long[] l = new long[n];
        for (int i = 0; i < n; i++) {
            d[i] = i * 0.5;
            l[i] = i;
        }
        Path file = dir.resolve("big.parquet");
        TableIO.write(new Frame(List.of(new Column.Doubles("d", d, null), new Column.Longs("l", l, null))), file);

        Frame f = readFile(file, List.of("l"));
        assertThat(f.names()).containsExactly("l");
        assertThat(((Column.Longs) f.column("l")).values()).isEqualTo(l);
    }

    @Test
    void bulkCopyOfThePinnedDriverKeepsValuesAndNullsAcrossChunks() {
        assertThat(VectorCopy.available()).as("duckdb_jdbc's vector buffers are readable (else reads are per cell)").isTrue();
        int n = 70_001;   // 35 vectors, the last one partial; nulls at word and vector edges
        double[] d = new double[n];
        long[] l = new long[n];
        String[] s = new String[n];
        BitSet nulls = new BitSet();
        for (int i = 0; i < n; i++) {
            d[i] = i % 7 == 0 ? Double.NaN : i * 0.25 - 1000;
            l[i] = (long) i * 1_000_003L - 5;
            s[i] = i % 5 == 0 ? null : "v" + (i % 13);
            if (i % 63 == 0 || i % 2048 == 2047 || i == n - 1) nulls.set(i);
        }
        Path file = dir.resolve("wide.parquet");
        List<Column> cols = new java.util.ArrayList<>();
        for (int c = 0; c < 5; c++) {
            cols.add(new Column.Doubles("d" + c, d, nulls));
            cols.add(new Column.Longs("l" + c, l, nulls));
        }
        cols.add(new Column.Strings("s", s));
        TableIO.write(new Frame(cols), file);

        Frame back = readFile(file);
        assertThat(back.names()).containsExactlyElementsOf(new Frame(cols).names());
        for (int c = 0; c < 5; c++) {
            Column.Doubles dc = (Column.Doubles) back.column("d" + c);
            Column.Longs lc = (Column.Longs) back.column("l" + c);
            assertThat(dc.nulls()).isEqualTo(nulls);
            assertThat(lc.nulls()).isEqualTo(nulls);
            for (int i = 0; i < n; i++) {
                if (nulls.get(i)) continue;
                assertThat(Double.compare(dc.values()[i], d[i])).as("d%d row %d", c, i).isZero();
                assertThat(lc.values()[i]).as("l%d row %d", c, i).isEqualTo(l[i]);
            }
        }
        assertThat(((Column.Strings) back.column("s")).values()).isEqualTo(s);
    }

    @Test
    void rowGroupsScannedOnSeveralThreadsLandInFileOrder() throws SQLException {
        int n = 100_000;   // 49 row groups of 2048 rows: DuckDB's threads take them in any order
        Path file = dir.resolve("groups.parquet");
        try (DuckSession db = DuckSession.open(2)) {
            db.execute("COPY (SELECT i, i * 0.5 AS half, CASE WHEN i % 3 = 0 THEN NULL ELSE i % 2 = 0 END AS even,"
                    + " CASE WHEN i % 1000 = 7 THEN NULL ELSE 'r' || i END AS label FROM range(" + n + ") t(i))"
                    + " TO " + DuckSession.literal(file) + " (FORMAT parquet, ROW_GROUP_SIZE 2048)");
        }
        Frame f = readFile(file);
        long[] ids = ((Column.Longs) f.column("i")).values();
        double[] half = ((Column.Doubles) f.column("half")).values();
        Column.Bools even = (Column.Bools) f.column("even");
        String[] labels = ((Column.Strings) f.column("label")).values();
        for (int i = 0; i < n; i++) {
            assertThat(ids[i]).as("row %d", i).isEqualTo(i);
            assertThat(half[i]).as("row %d", i).isEqualTo(i * 0.5);
            assertThat(even.isNull(i)).as("row %d", i).isEqualTo(i % 3 == 0);
            if (i % 3 != 0) assertThat(even.values()[i]).as("row %d", i).isEqualTo(i % 2 == 0);
            assertThat(labels[i]).as("row %d", i).isEqualTo(i % 1000 == 7 ? null : "r" + i);
        }
    }

    @Test
    void aColumnNamedLikeDuckDbsRowNumberIsReadToo() throws SQLException {
        Path file = dir.resolve("rownumber.parquet");
        try (DuckSession db = DuckSession.open(2)) {
            db.execute("COPY (SELECT i * 10 AS file_row_number, i AS x FROM range(5000) t(i)) TO "
                    + DuckSession.literal(file) + " (FORMAT parquet, ROW_GROUP_SIZE 2048)");
        }
        Frame f = readFile(file);
        long[] rowNumbers = ((Column.Longs) f.column("file_row_number")).values();
        long[] x = ((Column.Longs) f.column("x")).values();
        for (int i = 0; i < 5000; i++) {
            assertThat(rowNumbers[i]).isEqualTo(i * 10L);
            assertThat(x[i]).isEqualTo(i);
        }
    }

    @Test
    void writesFromSeveralThreadsAtOnceEachGetTheirOwnTable() throws Exception {
        int writers = 6;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
        try {
            List<java.util.concurrent.Future<Path>> done = new java.util.ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int id = w;
                done.add(pool.submit(() -> {
                    Path file = dir.resolve("w" + id + ".parquet");
                    for (int round = 0; round < 5; round++) {   // the shared database's frame sources are reused
                        long[] v = new long[3_000 + id];
                        java.util.Arrays.fill(v, id * 100L + round);
                        TableIO.write(new Frame(List.of(new Column.Longs("v", v, null))), file);
                    }
                    return file;
                }));
            }
            for (int w = 0; w < writers; w++) {
                long[] back = ((Column.Longs) readFile(done.get(w).get()).column("v")).values();
                assertThat(back).hasSize(3_000 + w).containsOnly(w * 100L + 4);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void missingColumnListsTheColumnsThereAre() {
        Path file = dir.resolve("t.parquet");
        TableIO.write(new Frame(List.of(new Column.Longs("age", new long[]{1}, null))), file);
        assertThatThrownBy(() -> readFile(file, List.of("agee")))
                .isInstanceOf(PipelineException.class)
                .hasMessage("table " + file + " has no column 'agee' (did you mean 'age'?); its columns are: age");
    }

    @Test
    void missingFileSaysSo() {
        Path file = dir.resolve("nope.parquet");
        assertThatThrownBy(() -> readFile(file))
                .hasMessage("table file " + file + " does not exist; check the path or the step that produces it");
    }
}
