package dev.sluice.ml.data;

import dev.sluice.api.PipelineException;
import dev.sluice.ml.table.DuckSession;
import dev.sluice.ml.table.Frame;
import dev.sluice.ml.table.TableIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * The two readers of the csv component type every file alike ({@link CsvTyping}), checked on seeded random CSV
 * files: nulls, quotes, delimiters and line breaks inside quotes, doubled quotes, mixed and all-null columns, big and
 * small numbers in every spelling, leading zeros and signs, booleans, empty fields, a BOM, CRLF, a missing final line
 * break, and now and then one malformed row. Where the Java parser reads a file, DuckDB's reader must give the same
 * table with no reject; where the Java parser finds a quote never closed, DuckDB's reader must fail with the same
 * message; an injected malformed row must be rejected by DuckDB's reader, on its line. A failure prints the seed
 * and keeps the file under {@code target/csv-agree/}.
 */
class CsvReadersAgreeTest {
    /** Files per run; {@code -Dcsv.agree.cases=5000} for a longer search (seeds 1..N, so a run repeats). */
    private static final int CASES = Integer.getInteger("csv.agree.cases", 300);
    private static final List<String> NULLS = List.of("", "NA", "N/A", "null");

    @TempDir Path dir;

    @Test
    void bothReadersReadEveryGeneratedFileAlike() throws Exception {
        int parsed = 0;
        for (int seed = 1; seed <= CASES; seed++) {
            Generated g = generate(new SplittableRandom(seed));
            Path file = dir.resolve("case" + seed + ".csv");
            Files.write(file, g.bytes());
            try {
                if (agree(file, g)) parsed++;
            } catch (AssertionError | RuntimeException e) {
                Path kept = Files.createDirectories(Path.of("target", "csv-agree")).resolve("seed-" + seed + ".csv");
                Files.write(kept, g.bytes());
                fail("seed " + seed + " (the file is kept as " + kept.toAbsolutePath() + "):\n"
                        + new String(g.bytes(), StandardCharsets.UTF_8), e);
            }
        }
        // the comparison is worth something only when the Java parser reads most files itself
        assertThat(parsed).as("files the Java parser read").isGreaterThan(CASES / 2);
    }

    /** Checks one file; true when the Java parser read it (and DuckDB's reader gave the same table). */
    private boolean agree(Path file, Generated g) throws Exception {
        CsvParser.Result fast = CsvParser.fast().parse(file, new CsvOptions(',', true, NULLS, Map.of()), 1 + g.threads());
        CsvSettings settings = new CsvSettings(file.toString(), file, Optional.of(","), Optional.of("\""), true, NULLS,
                Map.of(), true, true);
        CsvDialect dialect = new CsvDialect(",", '"', "given");
        if (fast instanceof CsvParser.Malformed m) {
            assertThatThrownBy(() -> duckDb(settings, dialect)).isInstanceOf(PipelineException.class)
                    .hasMessage(m.problem().failure(file.toString()));
            return false;
        }
        DuckResult duck;
        try {
            duck = duckDb(settings, dialect);
        } catch (PipelineException e) {   // a stray quote that DuckDB cannot get past either: the step fails either way
            assertThat(fast).isInstanceOf(CsvParser.Declined.class);
            assertThat(e.getMessage()).startsWith("csv: ").containsAnyOf(CsvProblem.UNCLOSED_QUOTE, "a stray quote in a field");
            return false;
        }
        if (g.malformedLine() > 0) {
            assertThat(fast).isInstanceOf(CsvParser.Declined.class);
            assertThat(duck.rejectedLines()).contains((long) g.malformedLine());
            return false;
        }
        assertThat(duck.rejectedLines()).as("DuckDB's rejects").isEmpty();
        if (!(fast instanceof CsvParser.Parsed p)) return false;
        FastCsvTest.assertEqual(p.frame(), duck.data());
        return true;
    }

    private record DuckResult(Frame data, List<Long> rejectedLines) {
    }

    private DuckResult duckDb(CsvSettings settings, CsvDialect dialect) throws Exception {
        Path out = dir.resolve("duck" + System.nanoTime() + ".parquet");
        try (DuckSession db = DuckSession.open(2)) {
            List<CsvReject> rejects = DuckCsv.read(db, settings, dialect, CsvHead.read(settings.file(), settings.shown()), dir);
            db.copyToParquet("SELECT * FROM data", out);
            return new DuckResult(TableIO.read(out), rejects.stream().map(CsvReject::line).toList());
        }
    }

    // --- the generator -----------------------------------------------------------------------------

    /** A generated file; {@code malformedLine} is the line of the one malformed row (0 for none). */
    private record Generated(byte[] bytes, int malformedLine, int threads) {
    }

    private enum Kind { INT, BIG_INT, DOUBLE, SPELLED_DOUBLE, BOOL, WORD, QUOTED_TEXT, MIXED, ZEROS, SIGNED, NULLS_ONLY, QUIRKS }

    private static Generated generate(SplittableRandom r) {
        int columns = 1 + r.nextInt(6);
        int rows = 1 + (r.nextInt(4) == 0 ? r.nextInt(3000) : r.nextInt(40));
        Kind[] kinds = new Kind[columns];
        for (int c = 0; c < columns; c++) {
            kinds[c] = Kind.values()[r.nextInt(Kind.values().length)];
            if (kinds[c] == Kind.QUIRKS && r.nextBoolean()) kinds[c] = Kind.INT;
        }
        String eol = r.nextInt(4) == 0 ? "\r\n" : "\n";
        double nullShare = r.nextInt(3) == 0 ? 0 : r.nextDouble() * 0.3;
        List<String> lines = new ArrayList<>();
        List<String> header = new ArrayList<>();
        for (int c = 0; c < columns; c++) header.add(r.nextInt(5) == 0 ? "\"col " + c + ", quoted\"" : "c" + c);
        lines.add(String.join(",", header));
        for (int i = 0; i < rows; i++) {
            List<String> fields = new ArrayList<>();
            for (int c = 0; c < columns; c++) fields.add(r.nextDouble() < nullShare ? nullText(r) : value(kinds[c], r));
            lines.add(String.join(",", fields));
        }
        int malformed = 0;
        if (r.nextInt(8) == 0 && rows > 1) {
            int record = 1 + r.nextInt(rows);   // a row (the header is record 0)
            lines.set(record, lines.get(record) + ",extra");
            String before = String.join("\n", lines.subList(0, record)) + "\n";
            malformed = 1 + (int) before.chars().filter(ch -> ch == '\n').count();   // its line, as an editor counts
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (r.nextInt(6) == 0) out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        String text = String.join(eol, lines) + (r.nextInt(5) == 0 ? "" : eol);
        if (r.nextInt(12) == 0 && malformed == 0) text = text + "9,\"never closed" + eol;   // a quote never closed
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        return new Generated(out.toByteArray(), malformed, r.nextInt(3));
    }

    private static String nullText(SplittableRandom r) {
        return switch (r.nextInt(5)) {
            case 0 -> "NA";
            case 1 -> "\"\"";
            case 2 -> "null";
            default -> "";
        };
    }

    private static String value(Kind kind, SplittableRandom r) {
        return switch (kind) {
            case INT -> Long.toString(r.nextLong(-100_000, 100_000));
            case BIG_INT -> switch (r.nextInt(4)) {
                case 0 -> Long.toString(Long.MAX_VALUE - r.nextInt(10));
                case 1 -> "-" + (Long.MAX_VALUE - r.nextInt(10));
                case 2 -> "99999999999999999999" + r.nextInt(10);   // past 64 bits: double
                default -> Long.toString(r.nextLong());
            };
            case DOUBLE -> Double.toString(r.nextDouble(-1e6, 1e6));
            case SPELLED_DOUBLE -> spelledDouble(r);
            case BOOL -> switch (r.nextInt(4)) {
                case 0 -> "true";
                case 1 -> "FALSE";
                case 2 -> "True";
                default -> "false";
            };
            case WORD -> List.of("Yes", "No", "yes", "apple", "a b", "x-1", "0x1G", "1e", "--", "Infinityx").get(r.nextInt(10));
            case QUOTED_TEXT -> quoted(r);
            case MIXED -> r.nextBoolean() ? Integer.toString(r.nextInt(100)) : r.nextBoolean() ? "1.5" : "abc";
            case ZEROS -> List.of("007", "0", "-0", "00.5", "0.0", "-007", "0e1", "10").get(r.nextInt(8));
            case SIGNED -> List.of("+5", "-5", "+1.5", "-.5", "5.", ".5").get(r.nextInt(6));
            case NULLS_ONLY -> nullText(r);
            case QUIRKS -> r.nextInt(4) > 0 ? Integer.toString(r.nextInt(100))   // DuckDB types these by their order
                    : List.of(" 12", "13 ", "0x1F", "0b101", "1.5 ", "\t7").get(r.nextInt(6));
        };
    }

    private static String spelledDouble(SplittableRandom r) {
        return switch (r.nextInt(9)) {
            case 0 -> "1e" + (r.nextInt(600) - 300);
            case 1 -> "-2.5E-" + r.nextInt(320);
            case 2 -> "NaN";
            case 3 -> "inf";
            case 4 -> "-Infinity";
            case 5 -> "4.9e-324";
            case 6 -> "1.7976931348623157e308";
            case 7 -> "0.1000000000000000055511151231257827";
            default -> Double.toString(r.nextDouble() * Math.pow(10, r.nextInt(40) - 20));
        };
    }

    private static String quoted(SplittableRandom r) {
        StringBuilder sb = new StringBuilder("\"");
        int n = r.nextInt(8);
        for (int i = 0; i < n; i++) {
            sb.append(switch (r.nextInt(8)) {
                case 0 -> ",";
                case 1 -> "\"\"";
                case 2 -> "\n";
                case 3 -> "\r\n";
                case 4 -> "é";
                case 5 -> " ";
                default -> (char) ('a' + r.nextInt(26));
            });
        }
        return sb.append('"').toString();
    }
}
