package dev.sluice.ml.data;

import dev.sluice.api.PipelineException;
import dev.sluice.ml.table.DuckSession;
import dev.sluice.ml.table.Schema;
import org.duckdb.DuckDBAppender;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code csv} component's reader: DuckDB's {@code read_csv} into
 * table {@code data} of a session, typed by {@link CsvTyping}, and table {@code rejects (line, raw, reason)} of the
 * malformed lines. DuckDB's sniffer types on a sample; when a value past the sample does not fit its column's
 * * sniffed type, the file is read again with every row sniffed, so the types hold for every row. A quote
 * * that is never closed (DuckDB then drops the rows after it) fails the read. Messages name
 * lines and fields, never values. Stateless.
 */
final class DuckCsv {
    private static final int BOM = 3;

    private DuckCsv() {
    }

    /**
     * Reads the file into tables {@code data} and {@code rejects}; returns the rejects, one per row, in file order.
     * {@code scratch} is a folder for a copy of the file without its byte order mark, when DuckDB would misread it.
     */
    static List<CsvReject> read(DuckSession db, CsvSettings settings, CsvDialect dialect, CsvHead head, Path scratch)
            throws SQLException {
        Path source = misreadsBom(settings, dialect, head) ? withoutBom(settings, scratch) : settings.file();
        String rejectsTable = "csv_rejects";
        load(db, settings, dialect, source, rejectsTable, false);
        if (sampleMisled(db, rejectsTable, settings.forced().keySet())) {
            db.execute("DROP TABLE data");
            rejectsTable = "csv_rejects_all";
            load(db, settings, dialect, source, rejectsTable, true);
        }
        failOnUnclosedQuote(db, rejectsTable, settings, dialect, source);
        promoteBooleans(db, settings.forced().keySet());
        List<CsvReject> rejects = CsvReject.collect(db, rejectsTable, source);   // the copy has the same lines
        db.execute("CREATE TABLE rejects (line BIGINT, raw VARCHAR, reason VARCHAR)");
        try (DuckDBAppender app = db.connection().createAppender("main", "rejects")) {
            for (CsvReject r : rejects) app.beginRow().append(r.line()).append(r.raw()).append(r.reason()).endRow();
        }
        return rejects;
    }

    /**
     * Whether DuckDB would misread the header: DuckDB 2.0 splits a header that follows a byte order mark and starts
     * with a quote at the delimiters inside the quotes.
     */
    private static boolean misreadsBom(CsvSettings settings, CsvDialect dialect, CsvHead head) {
        byte[] b = head.bytes();
        return settings.header() && b.length > 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF
                && b[3] == dialect.quote();
    }

    private static Path withoutBom(CsvSettings settings, Path scratch) {
        try {
            Path copy = Files.createTempFile(Files.createDirectories(scratch), "without-bom-", ".csv");
            try (InputStream in = Files.newInputStream(settings.file()); OutputStream out = Files.newOutputStream(copy)) {
                in.skipNBytes(BOM);
                in.transferTo(out);
            }
            return copy;
        } catch (IOException e) {
            throw new PipelineException("csv: cannot copy '" + settings.shown() + "' without its byte order mark: "
                    + e.getClass().getSimpleName(), e);
        }
    }

    private static void load(DuckSession db, CsvSettings settings, CsvDialect dialect, Path source, String rejects,
                             boolean wholeFile) {
        String options = settings.duckOptions(dialect, wholeFile, rejects);
        try {
            db.execute("CREATE TABLE data AS SELECT * FROM read_csv(" + DuckSession.literal(source) + ", " + options + ")");
        } catch (SQLException e) {
            throw new PipelineException(unreadable(settings, dialect, e), e);
        }
    }

    /** Whether a value that does not fit a sniffed (not forced) column's type was rejected: the sample misled the sniffer. */
    private static boolean sampleMisled(DuckSession db, String table, Set<String> forced) throws SQLException {
        String notForced = forced.isEmpty() ? "" : " AND column_name NOT IN ("
                + forced.stream().map(DuckSession::literal).collect(Collectors.joining(", ")) + ")";
        return db.queryLong("SELECT count(*) FROM " + table + " WHERE error_type = 'CAST'" + notForced) > 0;
    }

    /** DuckDB reports a quote that is never closed, and drops the rows after it: that fails the read, whatever on_error says. */
    private static void failOnUnclosedQuote(DuckSession db, String table, CsvSettings settings, CsvDialect dialect,
                                            Path source) throws SQLException {
        String sql = "SELECT column_idx, byte_position FROM " + table + " WHERE error_type = 'UNQUOTED VALUE' ORDER BY line LIMIT 1";
        try (Statement st = db.connection().createStatement(); ResultSet rs = st.executeQuery(sql)) {
            if (rs.next()) {
                long offset = quoteAt(source, rs.getLong(2), (byte) dialect.quote());
                long line = CsvReject.lines(source, List.of(offset))[0];
                long inFile = offset + (source.equals(settings.file()) ? 0 : BOM);
                throw new PipelineException(new CsvProblem(line, rs.getInt(1), inFile, CsvProblem.UNCLOSED_QUOTE).failure(settings.shown()));
            }
        }
    }

    /** The offset of the quote DuckDB reports at {@code reported}: its positions count from 0 or 1 depending on the line ends. */
    private static long quoteAt(Path file, long reported, byte quote) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer two = ByteBuffer.allocate(2);
            channel.read(two, Math.max(0, reported - 1));
            return two.position() > 0 && two.get(0) == quote ? Math.max(0, reported - 1) : reported;
        } catch (IOException e) {
            return Math.max(0, reported - 1);
        }
    }

    /**
     * Why DuckDB could not read the file at all: the first structural problem the Java layout finds (a quote never
     * closed, a stray quote, a row with another field count), or what to check. DuckDB's own message is not shown:
     * it may quote lines of the file.
     */
    private static String unreadable(CsvSettings settings, CsvDialect dialect, SQLException e) {
        String check = "\n  Check delimiter, quote and header (now " + CsvDialect.name(dialect.delimiter().charAt(0))
                + ", " + CsvDialect.name(dialect.quote()) + ", " + settings.header() + ") and that the forced columns"
                + " name columns of the file.";
        if (dialect.delimiter().length() == 1) {
            CsvProblem p = firstProblem(settings, dialect);
            if (p != null && p.what().equals(CsvProblem.UNCLOSED_QUOTE)) return p.failure(settings.shown());
            if (p != null) return "csv: cannot read '" + settings.shown() + "': " + p.describe(settings.shown()) + check;
        }
        String kind = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("").replaceAll("\".*\"", "the file");
        return "csv: DuckDB cannot read '" + settings.shown() + "' (" + kind + ")" + check;
    }

    /** The first problem of the file's layout, read in Java on one thread; null when it finds none. */
    private static CsvProblem firstProblem(CsvSettings settings, CsvDialect dialect) {
        try (FileChannel channel = FileChannel.open(settings.file(), StandardOpenOption.READ)) {
            if (channel.size() > Integer.MAX_VALUE - 64) return null;
            ByteBuffer buf = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
            CsvLayout layout = new CsvLayout(buf, (byte) dialect.delimiter().charAt(0), (byte) dialect.quote(), settings.nulls());
            boolean bom = buf.limit() >= BOM && (buf.get(0) & 0xFF) == 0xEF && (buf.get(1) & 0xFF) == 0xBB && (buf.get(2) & 0xFF) == 0xBF;
            CsvLayout.Header header = layout.header(bom ? BOM : 0);
            if (header.problem() != null) return new CsvProblem(1, 0, 0, header.problem());
            int from = settings.header() ? header.end() : bom ? BOM : 0;
            CsvKind[] kinds = new CsvKind[header.names().size()];
            java.util.Arrays.fill(kinds, CsvKind.TEXT);
            CsvChunk chunk = layout.parseWidening(from, buf.limit(), kinds, new boolean[kinds.length]);
            if (chunk.ok()) return null;
            CsvChunk.Failure f = chunk.failure();
            return new CsvProblem(layout.lineOf(f.offset()), f.field(), f.offset(), f.what());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Text columns holding only true/false (any case) become BOOLEAN; other words such as Yes/No stay text. */
    private static void promoteBooleans(DuckSession db, Set<String> forced) throws SQLException {
        List<String> text = db.describe("data").fields().stream()
                .filter(f -> f.sqlType().equals("VARCHAR") && !forced.contains(f.name()))
                .map(Schema.Field::name).toList();
        if (text.isEmpty()) return;
        String checks = text.stream().map(c -> CsvTyping.promoteBooleansSql(DuckSession.ident(c))).collect(Collectors.joining(", "));
        List<String> promote = new ArrayList<>();
        try (Statement st = db.connection().createStatement(); ResultSet rs = st.executeQuery("SELECT " + checks + " FROM data")) {
            rs.next();
            for (int i = 0; i < text.size(); i++) if (rs.getBoolean(i + 1)) promote.add(text.get(i));
        }
        for (String c : promote) {
            db.execute("ALTER TABLE data ALTER " + DuckSession.ident(c) + " TYPE BOOLEAN USING lower(" + DuckSession.ident(c) + ") = 'true'");
        }
    }
}
