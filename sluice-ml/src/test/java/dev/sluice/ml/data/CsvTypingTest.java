package dev.sluice.ml.data;

import dev.sluice.ml.table.Column;
import dev.sluice.ml.table.ColumnType;
import dev.sluice.ml.table.DuckSession;
import dev.sluice.ml.table.Frame;
import dev.sluice.ml.table.TableIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The csv component's typing rule ({@link CsvTyping}) as its reader ({@link DuckCsv}) applies it, on tricky inputs:
 * quotes, line ends, nulls in every type, leading zeros and signs, number spellings, booleans and words, a column
 * that turns text past the sniffer's sample, forced types.
 */
class CsvTypingTest {
    @TempDir Path dir;

    private static final List<String> NULLS = List.of("", "NA", "N/A", "null");

    @Test
    void quotedFieldsWithDelimitersEscapedQuotesAndLineBreaks() throws Exception {
        Path csv = write("id,name,score\n"
                + "1,\"Smith, Jane\",1.5\n"
                + "2,\"say \"\"hi\"\"\",2\n"
                + "3,\"two\nlines\",3.25\n"
                + "4,plain,-0.5\n"
                + "5,\"\",7\n");
        Frame f = read(csv, NULLS);
        assertThat(((Column.Strings) f.column("name")).values()).containsExactly("Smith, Jane", "say \"hi\"", "two\nlines", "plain", null);
    }

    @Test
    void crlfLineEndsAndAMissingFinalLineBreak() throws Exception {
        Path csv = write("a,b,c\r\n1,x,2.5\r\n2,y,\r\n3,z,4");
        Frame f = read(csv, NULLS);
        assertThat(f.rows()).isEqualTo(3);
        assertThat(f.column("c").isNull(1)).isTrue();
    }

    @Test
    void emptyFieldsAreNullsInEveryColumnType() throws Exception {
        Path csv = write("i,d,s,b\n1,1.5,x,true\n,,,\n3,,z,FALSE\n");
        Frame f = read(csv, NULLS);
        assertThat(f.columns()).extracting(Column::type)
                .containsExactly(ColumnType.LONG, ColumnType.DOUBLE, ColumnType.STRING, ColumnType.BOOL);
        for (Column c : f.columns()) assertThat(c.isNull(1)).as(c.name()).isTrue();
    }

    @Test
    void unsignedLeadingZerosMakeText() throws Exception {
        Path csv = write("zip,frac,signed,zero,point\n00501,00.5,-012,0,0.25\n12345,1.5,-00.5,-0,0.0\n");
        Frame f = read(csv, NULLS);
        assertThat(f.columns()).extracting(Column::type)
                .containsExactly(ColumnType.STRING, ColumnType.STRING, ColumnType.DOUBLE, ColumnType.LONG, ColumnType.DOUBLE);
        assertThat(((Column.Strings) f.column("zip")).values()).containsExactly("00501", "12345");
    }

    @Test
    void numberSpellingsAreNumbers() throws Exception {
        Path csv = write("nan_inf,exp,ints,big,frac\n"
                + "NaN,1e3,5,99999999999999999999,.5\n"
                + "inf,2.5E-3,-7,1,5.\n"
                + "-inf,-1e+2,0,2,0.1\n"
                + "Infinity,3,10,3,123456789.123456789\n");
        Frame f = read(csv, NULLS);
        assertThat(f.column("nan_inf").type()).isEqualTo(ColumnType.DOUBLE);
        assertThat(f.column("big").type()).isEqualTo(ColumnType.DOUBLE);
        assertThat(f.column("ints").type()).isEqualTo(ColumnType.LONG);
    }

    @Test
    void aLeadingPlusMakesText() throws Exception {
        Frame f = read(write("a,b\n+5,1\n6,+2.5\n"), NULLS);
        assertThat(f.column("a").type()).isEqualTo(ColumnType.STRING);
    }

    @Test
    void mixedColumnsKeepTheirTextAndAllMissingColumnsAreText() throws Exception {
        Path csv = write("mixed,missing,words\n1,,Yes\n1.50,,No\nabc,,yes\n");
        Frame f = read(csv, NULLS);
        assertThat(((Column.Strings) f.column("mixed")).values()).containsExactly("1", "1.50", "abc");
        assertThat(f.column("missing").type()).isEqualTo(ColumnType.STRING);
        assertThat(f.column("words").type()).isEqualTo(ColumnType.STRING);
    }

    @Test
    void aColumnThatTurnsTextPastTheSampleIsTextOverEveryRow() throws Exception {
        StringBuilder sb = new StringBuilder("id,code,x\n");
        SplittableRandom rng = new SplittableRandom(7);
        for (int i = 0; i < 30_000; i++) {
            String code = i == 25_000 ? "A17" : Integer.toString(rng.nextInt(1000));
            String x = i == 20_000 ? "2.75" : Integer.toString(rng.nextInt(50));   // integer until row 20,000
            sb.append(i).append(',').append(code).append(',').append(x).append('\n');
        }
        Frame f = read(write(sb.toString()), NULLS);   // the reader sniffs again over every row
        assertThat(f.column("code").type()).isEqualTo(ColumnType.STRING);
        assertThat(f.column("x").type()).isEqualTo(ColumnType.DOUBLE);
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
            Frame f = read(csv, NULLS);
            assertThat(f.rows()).isEqualTo(1001);
        }
        read(write("a,b\r\n" + "1,2\r\n".repeat(3000)), NULLS);
    }

    @Test
    void bomIsSkipped() throws Exception {
        Path csv = dir.resolve("bom.csv");
        Files.write(csv, concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "a,b\n1,x\n".getBytes(StandardCharsets.UTF_8)));
        Frame f = read(csv, NULLS);
        assertThat(f.names()).containsExactly("a", "b");
    }

    @Test
    void forcedTypesHoldForEveryRow() throws Exception {
        Frame f = duckDb(write("zip,n\n01234,1\n98765,2\n"), NULLS, Map.of("zip", "VARCHAR", "n", "DOUBLE"));
        assertThat(((Column.Strings) f.column("zip")).values()).containsExactly("01234", "98765");
        assertThat(((Column.Doubles) f.column("n")).values()).containsExactly(1.0, 2.0);
    }

    // ---------------------------------------------------------------------------------------------

    private Frame read(Path csv, List<String> nulls) throws Exception {
        return duckDb(csv, nulls, Map.of());
    }

    /** The csv component's reader ({@link DuckCsv}), with {@code types} forced. */
    private Frame duckDb(Path csv, List<String> nulls, Map<String, String> types) throws Exception {
        Path out = dir.resolve("ref-" + System.nanoTime() + ".parquet");
        CsvSettings settings = new CsvSettings(csv.toString(), csv, java.util.Optional.of(","), java.util.Optional.of("\""), true,
                nulls, types, false);
        try (DuckSession db = DuckSession.open(2)) {
            assertThat(DuckCsv.read(db, settings, new CsvDialect(",", '"', "given"), CsvHead.read(csv, csv.toString()), dir)).isEmpty();
            db.copyToParquet("SELECT * FROM data", out);
        }
        return TableIO.read(out);
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
