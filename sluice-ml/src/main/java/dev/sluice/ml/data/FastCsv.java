package dev.sluice.ml.data;

import dev.sluice.ml.table.Column;
import dev.sluice.ml.table.ColumnType;
import dev.sluice.ml.table.Frame;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * The Java {@link CsvParser}: reads a well-formed CSV file straight into a {@link Frame}, on several threads, with
 * the column types of {@link CsvTyping}.
 *
 * <p>The file is mapped into memory (its pages come from the page cache as the parser reaches them), split into
 * one byte range per thread at line starts, and each range is parsed into primitive arrays ({@link CsvLayout},
 * {@link CsvNumbers}) with no per-cell objects for numbers. Types are guessed on the first 64 KB, then widened where
 * a range disagrees (integer → double in place, number → text by parsing that range again), so they hold for
 * every row. When a range boundary falls inside a quoted line break, the file is parsed again on one thread.
 *
 * <p>It declines ({@link CsvParser.Declined}) whatever it does not reproduce exactly, so that the caller uses
 * DuckDB's {@code read_csv} for it: malformed rows (wrong field count, stray quotes, blank lines, text that is not
 * UTF-8, a value that does not parse as a forced type), columns that may hold dates or times, forced types other
 * than integer, double and text, a missing, empty, duplicated or space-padded header name, {@code header: false},
 * files with no data row or above 2 GB. A quoted field that is never closed is {@link CsvParser.Malformed}: no
 * reader can tell where the rows after it start. Stateless and thread-safe.
 */
final class FastCsv implements CsvParser {
    static final FastCsv INSTANCE = new FastCsv();
    private static final int SNIFF_BYTES = 64 * 1024;

    private FastCsv() {
    }

    @Override
    public Result parse(Path file, CsvOptions options, int threads) throws IOException {
        if (!options.header()) return new Declined("header: false");
        for (ColumnType t : options.forced().values()) {
            if (t == ColumnType.BOOL) return new Declined("a column is forced to bool, date, timestamp or a DuckDB type");
        }
        ByteBuffer buf;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() > Integer.MAX_VALUE - 64) return new Declined("the file is larger than 2 GB");
            buf = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
        }
        CsvLayout layout = new CsvLayout(buf, (byte) options.delimiter(), (byte) options.quote(), options.nulls());
        CsvLayout.Header header = layout.header(hasBom(buf) ? 3 : 0);
        if (header.problem() != null) return new Declined(header.problem());
        List<String> names = header.names();
        for (String forced : options.forced().keySet()) {
            if (!names.contains(forced)) return new Declined("a forced column is not in the header");
        }
        if (header.end() >= buf.limit()) return new Declined("the file has no data rows");
        CsvKind[] kinds = new CsvKind[names.size()];
        boolean[] strict = new boolean[names.size()];
        for (int c = 0; c < kinds.length; c++) {
            ColumnType forced = options.forced().get(names.get(c));
            strict[c] = forced != null;
            kinds[c] = forced == null ? CsvKind.LONG : CsvKind.of(forced);
        }
        int sniffEnd = CsvLayout.lineEnd(buf, Math.min(buf.limit(), header.end() + SNIFF_BYTES));
        CsvChunk sniff = layout.parseWidening(header.end(), sniffEnd, kinds, strict);
        if (!sniff.ok()) return failed(layout, sniff.failure());
        for (int c = 0; c < kinds.length; c++) {
            CsvSink s = sniff.sinks()[c];
            if (s.seenValue()) kinds[c] = s.firstSpelledInfinity() && !strict[c] ? CsvKind.TEXT : s.kind;
        }

        int[] bounds = layout.split(header.end(), Math.max(1, threads));
        try (ExecutorService pool = pool(bounds.length - 1)) {
            Result direct = direct(layout, names, bounds, kinds.clone(), strict, pool);
            if (direct != null) return direct;
        }
        return byRanges(layout, names, header.end(), threads, kinds, strict);
    }

    /** Parses range by range (a file with quotes), widening the ranges that need a wider kind than another found. */
    private static Result byRanges(CsvLayout layout, List<String> names, int from, int threads, CsvKind[] kinds,
                                   boolean[] strict) throws IOException {
        List<CsvChunk> chunks = parseAll(layout, from, Math.max(1, threads), kinds, strict);
        for (CsvChunk ch : chunks) if (!ch.ok()) return failed(layout, ch.failure());
        CsvKind[] merged = merge(chunks, kinds.length);
        for (int i = 0; i < chunks.size(); i++) {
            CsvChunk ch = chunks.get(i);
            if (needsText(ch, merged)) {
                CsvKind[] again = ch.kinds();
                for (int c = 0; c < again.length; c++) if (merged[c] == CsvKind.TEXT) again[c] = CsvKind.TEXT;
                ch = layout.parseWidening(ch.from(), ch.to(), again, strict);
                if (!ch.ok()) return failed(layout, ch.failure());
                chunks.set(i, ch);
            }
        }
        return assemble(names, chunks, merged, strict);
    }

    /** A failure of the first range that failed, in file order: malformed when fatal, else declined (with where, for the log). */
    private static Result failed(CsvLayout layout, CsvChunk.Failure f) {
        CsvProblem problem = new CsvProblem(layout.lineOf(f.offset()), f.field(), f.offset(), f.what());
        if (f.fatal()) return new Malformed(problem);
        return new Declined(problem.describe("line"));
    }

    /**
     * The fast path for files without quotes or lone CRs: every line break ends a row, so counting
     * them gives each range its first row, and all ranges write straight into the final column arrays
     * (no per-range arrays to copy, and half the fresh memory). A column that turns out wider than
     * the sniffed kind restarts the parse with the wider kind. Null when the file has quotes or lone
     * CRs, or a range's row count disagrees with its line count: the caller parses range by range.
     */
    private static Result direct(CsvLayout layout, List<String> names, int[] bounds, CsvKind[] kinds, boolean[] strict,
                                 ExecutorService pool) throws IOException {
        int parts = bounds.length - 1;
        List<long[]> census = all(pool, parts, i -> layout.census(bounds[i], bounds[i + 1]));
        int[] base = new int[parts + 1];
        for (int i = 0; i < parts; i++) {
            long[] c = census.get(i);
            if (c[1] != 0) return null;
            boolean lastWithoutBreak = i == parts - 1 && layout.buf.get(bounds[parts] - 1) != '\n';
            base[i + 1] = Math.toIntExact(base[i] + c[0] + (lastWithoutBreak ? 1 : 0));
        }
        while (true) {
            List<Object> arrays = all(pool, kinds.length, c -> kinds[c].newArray(base[parts]));
            CsvSink[][] sinks = new CsvSink[parts][kinds.length];
            for (int i = 0; i < parts; i++) {
                for (int c = 0; c < kinds.length; c++) {
                    sinks[i][c] = new CsvSink(kinds[c], strict[c], c, arrays.get(c), base[i], base[i + 1] - base[i]);
                }
            }
            List<Object> outcomes = all(pool, parts, i -> {
                try {
                    return layout.parse(bounds[i], bounds[i + 1], kinds, strict, sinks[i]);
                } catch (CsvChunk.Widen w) {
                    return w;
                }
            });
            boolean again = false;
            for (Object o : outcomes) {
                if (o instanceof CsvChunk.Widen w) {
                    if (w.kind == null) return null;
                    kinds[w.column] = CsvKind.wider(kinds[w.column], w.kind);
                    again = true;
                }
            }
            if (again) continue;
            for (int i = 0; i < parts; i++) {
                CsvChunk ch = (CsvChunk) outcomes.get(i);
                if (!ch.ok()) return failed(layout, ch.failure());
                if (ch.rows() != base[i + 1] - base[i]) return null;
            }
            return columns(names, kinds, strict, sinks, arrays, base);
        }
    }

    /** The columns {@link #direct} filled: each range's sinks wrote their rows of one shared array per column. */
    private static Result columns(List<String> names, CsvKind[] kinds, boolean[] strict, CsvSink[][] sinks,
                                  List<Object> arrays, int[] base) {
        int parts = sinks.length;
        int rows = base[parts];
        List<Column> columns = new ArrayList<>(names.size());
        for (int c = 0; c < names.size(); c++) {
            BitSet nulls = new BitSet();
            boolean seen = false;
            for (int i = 0; i < parts; i++) {
                sinks[i][c].nullsInto(nulls, base[i]);
                seen |= sinks[i][c].seenValue();
            }
            String name = names.get(c);
            if (!strict[c] && firstSpelledInfinity(sinks, c)) return infinityFirst(c);
            Column column = !seen && !strict[c] ? CsvTyping.textColumn(name, new String[rows], false, false) : switch (kinds[c]) {
                case LONG -> new Column.Longs(name, (long[]) arrays.get(c), nulls);
                case DOUBLE -> new Column.Doubles(name, (double[]) arrays.get(c), nulls);
                case TEXT -> CsvTyping.textColumn(name, (String[]) arrays.get(c), strict[c], maybeOrderTyped(sinks, c));
            };
            if (column == null) return new Declined("column " + (c + 1) + " may hold dates, times or hexadecimal numbers");
            columns.add(column);
        }
        return new Parsed(new Frame(columns));
    }

    private static ExecutorService pool(int threads) {
        return Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "csv-parse");
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code task(0..n-1)} on the pool and returns the results in order. */
    private static <T> List<T> all(ExecutorService pool, int n, IntFunction<T> task) throws IOException {
        List<Future<T>> running = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int k = i;
            running.add(pool.submit(() -> task.apply(k)));
        }
        List<T> out = new ArrayList<>(n);
        try {
            for (Future<T> f : running) out.add(f.get());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            if (e.getCause() instanceof Error err) throw err;
            throw new IOException("parsing failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while parsing", e);
        }
        return out;
    }

    /**
     * Parses the ranges in parallel. The ranges up to the first that failed are kept, each having started at a
     * row start (its predecessor ended exactly at its boundary), so a failure is one of the file; when a boundary
     * turns out to cut a quoted field, the whole file is parsed on one thread instead.
     */
    private static List<CsvChunk> parseAll(CsvLayout layout, int from, int threads, CsvKind[] kinds, boolean[] strict)
            throws IOException {
        int[] bounds = layout.split(from, threads);
        List<CsvChunk> chunks;
        try (ExecutorService pool = pool(bounds.length - 1)) {
            chunks = all(pool, bounds.length - 1, i -> layout.parseWidening(bounds[i], bounds[i + 1], kinds.clone(), strict));
        }
        List<CsvChunk> aligned = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            CsvChunk ch = chunks.get(i);
            aligned.add(ch);
            if (!ch.ok()) return aligned;
            if (i + 1 < chunks.size() && ch.end() != bounds[i + 1]) {   // a quoted line break spans the boundary
                return List.of(layout.parseWidening(bounds[0], bounds[bounds.length - 1], kinds.clone(), strict));
            }
        }
        return aligned;
    }

    private static CsvKind[] merge(List<CsvChunk> chunks, int columns) {
        CsvKind[] merged = new CsvKind[columns];
        for (int c = 0; c < columns; c++) {
            CsvKind k = null;
            for (CsvChunk ch : chunks) {
                CsvSink s = ch.sinks()[c];
                if (s.seenValue() || s.forced) k = k == null ? s.kind : CsvKind.wider(k, s.kind);
            }
            merged[c] = k == null ? CsvKind.TEXT : k;   // all missing: text, as DuckDB types it
        }
        return merged;
    }

    private static boolean needsText(CsvChunk ch, CsvKind[] merged) {
        for (int c = 0; c < merged.length; c++) {
            CsvSink s = ch.sinks()[c];
            if (merged[c] == CsvKind.TEXT && s.kind != CsvKind.TEXT && s.seenValue()) return true;
        }
        return false;
    }

    private static Result assemble(List<String> names, List<CsvChunk> chunks, CsvKind[] merged, boolean[] strict) {
        int rows = 0;
        for (CsvChunk ch : chunks) rows += ch.rows();
        List<Column> columns = new ArrayList<>(names.size());
        CsvSink[][] sinks = chunks.stream().map(CsvChunk::sinks).toArray(CsvSink[][]::new);
        for (int c = 0; c < names.size(); c++) {
            if (!strict[c] && firstSpelledInfinity(sinks, c)) return infinityFirst(c);
            Column column = switch (merged[c]) {
                case LONG -> longs(names.get(c), chunks, c, rows);
                case DOUBLE -> doubles(names.get(c), chunks, c, rows);
                case TEXT -> {
                    String[] out = new String[rows];
                    int offset = 0;
                    for (CsvChunk ch : chunks) {
                        CsvSink s = ch.sinks()[c];
                        if (s.kind == CsvKind.TEXT) System.arraycopy(s.strings, 0, out, offset, s.size);
                        offset += s.size;
                    }
                    yield CsvTyping.textColumn(names.get(c), out, strict[c], maybeOrderTyped(sinks, c));
                }
            };
            if (column == null) return new Declined("column " + (c + 1) + " may hold dates, times or hexadecimal numbers");
            columns.add(column);
        }
        return new Parsed(new Frame(columns));
    }

    private static Column longs(String name, List<CsvChunk> chunks, int c, int rows) {
        long[] out = new long[rows];
        BitSet nulls = new BitSet();
        int offset = 0;
        for (CsvChunk ch : chunks) {
            CsvSink s = ch.sinks()[c];
            if (s.kind == CsvKind.LONG) System.arraycopy(s.longs, 0, out, offset, s.size);
            s.nullsInto(nulls, offset);
            offset += s.size;
        }
        return new Column.Longs(name, out, nulls);
    }

    private static Column doubles(String name, List<CsvChunk> chunks, int c, int rows) {
        double[] out = new double[rows];
        BitSet nulls = new BitSet();
        int offset = 0;
        for (CsvChunk ch : chunks) {
            CsvSink s = ch.sinks()[c];
            if (s.kind == CsvKind.DOUBLE) System.arraycopy(s.doubles, 0, out, offset, s.size);
            else if (s.kind == CsvKind.LONG) for (int i = 0; i < s.size; i++) out[offset + i] = s.longs[i];
            s.nullsInto(nulls, offset);
            offset += s.size;
        }
        return new Column.Doubles(name, out, nulls);
    }

    /**
     * Whether column {@code c}'s first value in the file, in a number column, is written {@code inf} or {@code infinity}:
     * DuckDB's sniffer then types the column as a date or text ({@link CsvTyping}). The sniffed sample catches it when
     * that value lies in the first 64 KB (the column is parsed as text, which declines it); past that too, the file
     * goes to DuckDB.
     */
    private static boolean firstSpelledInfinity(CsvSink[][] sinks, int c) {
        for (CsvSink[] range : sinks) {
            if (range[c].seenValue()) return range[c].kind != CsvKind.TEXT && range[c].firstSpelledInfinity();
        }
        return false;
    }

    private static boolean maybeOrderTyped(CsvSink[][] sinks, int c) {
        for (CsvSink[] range : sinks) if (range[c].maybeOrderTyped) return true;
        return false;
    }

    private static Result infinityFirst(int c) {
        return new Declined("column " + (c + 1) + " starts with an infinity, which DuckDB types as a date or text");
    }

    private static boolean hasBom(ByteBuffer buf) {
        return buf.limit() >= 3 && buf.get(0) == (byte) 0xEF && buf.get(1) == (byte) 0xBB && buf.get(2) == (byte) 0xBF;
    }
}
