package dev.sluice.ml.data;

import dev.sluice.ml.table.Column;
import dev.sluice.ml.table.ColumnType;
import dev.sluice.ml.table.DuckSession;
import dev.sluice.ml.table.Frame;
import dev.sluice.ml.table.TableIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link FastCsv} against the reference it replaces: the csv component's DuckDB reader ({@link DuckCsv}),
 * on the repository's example data sets and on tricky inputs ({@code CsvReadersAgreeTest} adds generated ones). Equal means the same column
 * names, types, nulls and values (doubles bit for bit).
 */
class FastCsvTest {
    @TempDir Path dir;

    private static final List<String> NULLS = List.of("", "NA", "N/A", "null");

    @ParameterizedTest
    @ValueSource(strings = {"../examples/churn/data/Telco-Customer-Churn.csv", "../examples/hello/data/iris.csv",
            "src/test/resources/data/breast_cancer.csv", "src/test/resources/data/housing_sample.csv",
            "src/test/resources/telco/telco-sample.csv"})
    void exampleDataSetsReadAsDuckDbReadsThem(String file) throws Exception {
        Path csv = Path.of(file);
        for (int threads : new int[] {1, 2, 3}) {
            assertSameAsDuckDb(csv, NULLS, threads);
        }
        assertSameAsDuckDb(csv, List.of("", " "), 2);   // the churn pipeline's nulls: a lone space is missing
    }

    @Test
    void quotedFieldsWithDelimitersEscapedQuotesAndLineBreaks() throws Exception {
        Path csv = write("id,name,score\n"
                + "1,\"Smith, Jane\",1.5\n"
                + "2,\"say \"\"hi\"\"\",2\n"
                + "3,\"two\nlines\",3.25\n"
                + "4,plain,-0.5\n"
                + "5,\"\",7\n");
        Frame f = assertSameAsDuckDb(csv, NULLS, 2);
        assertThat(((Column.Strings) f.column("name")).values()).containsExactly("Smith, Jane", "say \"hi\"", "two\nlines", "plain", null);
    }

    @Test
    void crlfLineEndsAndAMissingFinalLineBreak() throws Exception {
        Path csv = write("a,b,c\r\n1,x,2.5\r\n2,y,\r\n3,z,4");
        Frame f = assertSameAsDuckDb(csv, NULLS, 2);
        assertThat(f.rows()).isEqualTo(3);
        assertThat(f.column("c").isNull(1)).isTrue();
    }

    @Test
    void emptyFieldsAreNullsInEveryColumnType() throws Exception {
        Path csv = write("i,d,s,b\n1,1.5,x,true\n,,,\n3,,z,FALSE\n");
        Frame f = assertSameAsDuckDb(csv, NULLS, 1);
        assertThat(f.columns()).extracting(Column::type)
                .containsExactly(ColumnType.LONG, ColumnType.DOUBLE, ColumnType.STRING, ColumnType.BOOL);
        for (Column c : f.columns()) assertThat(c.isNull(1)).as(c.name()).isTrue();
    }

    @Test
    void unsignedLeadingZerosMakeTextAsInDuckDbsSniffer() throws Exception {
        Path csv = write("zip,frac,signed,zero,point\n00501,00.5,-012,0,0.25\n12345,1.5,-00.5,-0,0.0\n");
        Frame f = assertSameAsDuckDb(csv, NULLS, 1);
        assertThat(f.columns()).extracting(Column::type)
                .containsExactly(ColumnType.STRING, ColumnType.STRING, ColumnType.DOUBLE, ColumnType.LONG, ColumnType.DOUBLE);
        assertThat(((Column.Strings) f.column("zip")).values()).containsExactly("00501", "12345");
    }

    @Test
    void numberSpellingsDuckDbAccepts() throws Exception {
        Path csv = write("nan_inf,exp,ints,big,frac\n"
                + "NaN,1e3,5,99999999999999999999,.5\n"
                + "inf,2.5E-3,-7,1,5.\n"
                + "-inf,-1e+2,0,2,0.1\n"
                + "Infinity,3,10,3,123456789.123456789\n");
        Frame f = assertSameAsDuckDb(csv, NULLS, 1);
        assertThat(f.column("nan_inf").type()).isEqualTo(ColumnType.DOUBLE);
        assertThat(f.column("big").type()).isEqualTo(ColumnType.DOUBLE);
        assertThat(f.column("ints").type()).isEqualTo(ColumnType.LONG);
    }

    @Test
    void aLeadingPlusMakesTextAsInDuckDbsSniffer() throws Exception {
        Frame f = assertSameAsDuckDb(write("a,b\n+5,1\n6,+2.5\n"), NULLS, 1);
        assertThat(f.column("a").type()).isEqualTo(ColumnType.STRING);
    }

    @Test
    void mixedColumnsKeepTheirTextAndAllMissingColumnsAreText() throws Exception {
        Path csv = write("mixed,missing,words\n1,,Yes\n1.50,,No\nabc,,yes\n");
        Frame f = assertSameAsDuckDb(csv, NULLS, 1);
        assertThat(((Column.Strings) f.column("mixed")).values()).containsExactly("1", "1.50", "abc");
        assertThat(f.column("missing").type()).isEqualTo(ColumnType.STRING);
        assertThat(f.column("words").type()).isEqualTo(ColumnType.STRING);
    }

    @Test
    void aColumnThatTurnsTextLateInALargeFileIsTextInEveryRange() throws Exception {
        StringBuilder sb = new StringBuilder("id,code,x\n");
        SplittableRandom rng = new SplittableRandom(7);
        for (int i = 0; i < 30_000; i++) {
            String code = i == 25_000 ? "A17" : Integer.toString(rng.nextInt(1000));
            String x = i == 20_000 ? "2.75" : Integer.toString(rng.nextInt(50));   // integer until row 20,000
            sb.append(i).append(',').append(code).append(',').append(x).append('\n');
        }
        Frame f = assertSameAsDuckDb(write(sb.toString()), NULLS, 2);   // DuckDB's reader sniffs again over every row
        assertThat(f.column("code").type()).isEqualTo(ColumnType.STRING);
        assertThat(f.column("x").type()).isEqualTo(ColumnType.DOUBLE);
    }

    @Test
    void aQuotedLineBreakAcrossTheRangeBoundaryIsParsedAsOneField() throws Exception {
        StringBuilder sb = new StringBuilder("id,note\n");
        for (int i = 0; i < 5_000; i++) {
            sb.append(i).append(',').append(i % 97 == 0 ? "\"multi\nline\n" + i + "\"" : "n" + i).append('\n');
        }
        String text = sb.toString();
        int middle = text.length() / 2;   // put a long quoted field with line breaks around the split point
        int lineStart = text.lastIndexOf('\n', middle) + 1;
        String withBlock = text.substring(0, lineStart) + "99999,\"" + "x\n".repeat(400) + "\"\n" + text.substring(lineStart);
        Path csv = write(withBlock);
        assertSameAsDuckDb(csv, NULLS, 2);
        assertSameAsDuckDb(csv, NULLS, 4);
    }

    @Test
    void zeroByteTestMarksExactlyTheZeroBytes() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int k = 0; k < 10_000; k++) {
            long x = rng.nextLong();
            for (int b = 0; b < 8; b++) if (rng.nextInt(4) == 0) x &= ~(0xFFL << (8 * b));   // some zero bytes
            long expected = 0;
            for (int b = 0; b < 8; b++) if (((x >>> (8 * b)) & 0xFF) == 0) expected |= 0x80L << (8 * b);
            assertThat(CsvLayout.zeroBytes(x)).as("%016x", x).isEqualTo(expected);
        }
    }

    @Test
    void quotedLineBreaksAndCrlfAtEveryOffsetOfAnEightByteWord() throws Exception {
        for (int pad = 0; pad < 16; pad++) {
            String rows = "1,2\n".repeat(500);
            Path csv = write("a,b\n" + rows + "x".repeat(pad) + ",\"two\nlines\"\n" + rows);
            Frame f = assertSameAsDuckDb(csv, NULLS, 2);
            assertThat(f.rows()).isEqualTo(1001);
        }
        assertSameAsDuckDb(write("a,b\r\n" + "1,2\r\n".repeat(3000)), NULLS, 2);
    }

    @Test
    void plainDecimalsOfEveryLengthAreBitForBitDuckDbsDoubles() throws Exception {
        // the one-pass path for [-]digits[.digits] up to 15 digits, and the general path just past it (16-17 digits)
        SplittableRandom random = new SplittableRandom(20261127);
        StringBuilder text = new StringBuilder("d,l,neg_null\n");
        for (int r = 0; r < 30_000; r++) {
            int digits = 1 + random.nextInt(17);
            int fraction = random.nextInt(digits + 1);
            StringBuilder v = new StringBuilder(random.nextBoolean() ? "-" : "");
            for (int i = 0; i < digits; i++) {
                if (i == digits - fraction) v.append('.');
                boolean leading = i == 0 && digits - fraction > 1;   // no 007: DuckDB makes that text
                v.append((char) ('0' + (leading ? 1 + random.nextInt(9) : random.nextInt(10))));
            }
            long l = random.nextLong(2_000_000_000_000_000L) - 1_000_000_000_000_000L;
            text.append(v).append(',').append(l).append(',').append(r % 9 == 0 ? "-1" : v).append('\n');
        }
        Path csv = write(text.toString());
        for (int threads : new int[] {1, 2}) {
            assertThat(assertSameAsDuckDb(csv, NULLS, threads).columns()).extracting(Column::type)
                    .containsExactly(ColumnType.DOUBLE, ColumnType.LONG, ColumnType.DOUBLE);
            assertSameAsDuckDb(csv, List.of("", "-1"), threads);   // a numeric null token turns the fast path off
        }
    }

    @Test
    void bomIsSkipped() throws Exception {
        Path csv = dir.resolve("bom.csv");
        Files.write(csv, concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "a,b\n1,x\n".getBytes(StandardCharsets.UTF_8)));
        Frame f = assertSameAsDuckDb(csv, NULLS, 1);
        assertThat(f.names()).containsExactly("a", "b");
    }

    @Test
    void declinesWhatOnlyDuckDbReproduces() throws Exception {
        assertThat(fast(write("a,b\n1,2\n3,4,5\n"))).isInstanceOf(CsvParser.Declined.class);      // too many fields
        assertThat(fast(write("a,b\n1,2\n3\n"))).isInstanceOf(CsvParser.Declined.class);          // too few
        assertThat(fast(write("a,b\n1,\"open\n"))).isInstanceOf(CsvParser.Malformed.class);       // unclosed quote: no one can read it
        assertThat(fast(write("a,b\n1,x\"y\n"))).isInstanceOf(CsvParser.Declined.class);          // stray quote
        assertThat(fast(write("a,b\n1,2\n\n3,4\n"))).isInstanceOf(CsvParser.Declined.class);      // blank line
        assertThat(fast(write("day,x\n2024-01-31,1\n"))).isInstanceOf(CsvParser.Declined.class);  // a date column
        assertThat(fast(write("t,x\n2024/01/31 10:00:00,1\n"))).isInstanceOf(CsvParser.Declined.class);  // a timestamp
        assertThat(fast(write("a,a\n1,2\n"))).isInstanceOf(CsvParser.Declined.class);             // repeated name
        assertThat(fast(write("a,b\n\" 12\",1\n13 ,2\n"))).isInstanceOf(CsvParser.Declined.class);  // spaces around numbers
        assertThat(fast(write("a,b\n0x1F,1\n0b101,2\n"))).isInstanceOf(CsvParser.Declined.class);    // hexadecimal, binary
        assertThat(fast(write("a,b\n"))).isInstanceOf(CsvParser.Declined.class);                  // no data rows
        CsvOptions forcedInt = new CsvOptions(',', true, NULLS, Map.of("a", ColumnType.LONG));
        assertThat(CsvParser.fast().parse(write("a,b\n1,2\n1.5,3\n"), forcedInt, 1)).isInstanceOf(CsvParser.Declined.class);
    }

    @Test
    void forcedTypesHoldForEveryRow() throws Exception {
        CsvOptions options = new CsvOptions(',', true, NULLS, Map.of("zip", ColumnType.STRING, "n", ColumnType.DOUBLE));
        Frame f = ((CsvParser.Parsed) CsvParser.fast().parse(write("zip,n\n01234,1\n98765,2\n"), options, 1)).frame();
        assertThat(((Column.Strings) f.column("zip")).values()).containsExactly("01234", "98765");
        assertThat(((Column.Doubles) f.column("n")).values()).containsExactly(1.0, 2.0);
    }

    // ---------------------------------------------------------------------------------------------

    private CsvParser.Result fast(Path csv) throws Exception {
        return CsvParser.fast().parse(csv, new CsvOptions(',', true, NULLS, Map.of()), 2);
    }

    private Frame assertSameAsDuckDb(Path csv, List<String> nulls, int threads) throws Exception {
        CsvParser.Result result = CsvParser.fast().parse(csv, new CsvOptions(',', true, nulls, Map.of()), threads);
        assertThat(result).as("FastCsv parses %s", csv).isInstanceOf(CsvParser.Parsed.class);
        Frame fast = ((CsvParser.Parsed) result).frame();
        assertEqual(fast, duckDb(csv, nulls, Map.of()));
        return fast;
    }

    /** The csv component's DuckDB path ({@link DuckCsv}), with {@code types} forced. */
    private Frame duckDb(Path csv, List<String> nulls, Map<String, String> types) throws Exception {
        Path out = dir.resolve("ref-" + System.nanoTime() + ".parquet");
        CsvSettings settings = new CsvSettings(csv.toString(), csv, java.util.Optional.of(","), java.util.Optional.of("\""), true,
                nulls, types, false, true);
        try (DuckSession db = DuckSession.open(2)) {
            assertThat(DuckCsv.read(db, settings, new CsvDialect(",", '"', "given"), CsvHead.read(csv, csv.toString()), dir)).isEmpty();
            db.copyToParquet("SELECT * FROM data", out);
        }
        return TableIO.read(out);
    }

    static void assertEqual(Frame actual, Frame expected) {
        assertThat(actual.names()).isEqualTo(expected.names());
        assertThat(actual.rows()).isEqualTo(expected.rows());
        for (Column e : expected.columns()) {
            Column a = actual.column(e.name());
            assertThat(a.type()).as("type of %s", e.name()).isEqualTo(e.type());
            for (int r = 0; r < e.size(); r++) {
                assertThat(a.isNull(r)).as("null at %s row %d", e.name(), r).isEqualTo(e.isNull(r));
                if (e.isNull(r)) continue;
                switch (e) {
                    case Column.Doubles d -> assertThat(Double.doubleToLongBits(((Column.Doubles) a).values()[r]))
                            .as("%s row %d", e.name(), r).isEqualTo(Double.doubleToLongBits(d.values()[r]));
                    case Column.Longs l -> assertThat(((Column.Longs) a).values()[r]).as("%s row %d", e.name(), r).isEqualTo(l.values()[r]);
                    case Column.Strings s -> assertThat(((Column.Strings) a).values()[r]).as("%s row %d", e.name(), r).isEqualTo(s.values()[r]);
                    case Column.Bools b -> assertThat(((Column.Bools) a).values()[r]).as("%s row %d", e.name(), r).isEqualTo(b.values()[r]);
                }
            }
        }
    }

    private Path write(String text) throws Exception {
        Path f = dir.resolve("t" + System.nanoTime() + ".csv");
        Files.writeString(f, text);
        return f;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
