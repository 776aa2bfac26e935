package dev.sluice.ml.data;

import dev.sluice.ml.table.Column;
import dev.sluice.ml.table.ColumnType;
import dev.sluice.ml.table.Frame;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Reads a well-formed CSV file straight into a {@link Frame}, on several threads, with the column
 * types the {@code csv} component's DuckDB path gives: integer, double, text, or boolean for a text
 * column holding only {@code true}/{@code false}; an all-missing column is text.
 *
 * <p>The file is read into memory, split into one byte range per thread at line starts, and each
 * range is parsed into primitive arrays ({@link CsvNumbers}) with no per-cell objects for numbers.
 * Types are guessed on the first 64 KB, then widened where a range disagrees (integer → double in
 * place, number → text by parsing that range again). Quoted fields (with {@code ""} escapes,
 * delimiters and line breaks inside) and CRLF line ends are handled; when a range boundary falls
 * inside a quoted line break, the file is parsed again on one thread. Unlike DuckDB, which sniffs
 * types on a sample, the types hold for every row.
 *
 * <p>It declines ({@link Declined}) whatever it does not reproduce exactly, so that the caller uses
 * DuckDB's {@code read_csv} for it: malformed rows (wrong field count, stray quotes, blank lines,
 * a value that does not parse as a forced type), columns that may hold dates or times, forced types
 * other than integer, double and text, a missing, empty, duplicated or space-padded header name,
 * {@code header: false}, files with no data row or above 2 GB. Stateless and thread-safe.
 *
 * <pre>{@code
 * switch (FastCsv.read(file, CsvOptions.defaults(), 2)) {
 *     case FastCsv.Parsed p -> use(p.frame());
 *     case FastCsv.Declined d -> readWithDuckDb(file, d.reason());
 * }
 * }</pre>
 */
public final class FastCsv {
    private static final int SNIFF_BYTES = 64 * 1024;
    private static final byte QUOTE = '"';
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long CRS = 0x0D0D0D0D0D0D0D0DL;
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;

    private FastCsv() {
    }

    /** What {@link #read} did. */
    public sealed interface Result permits Parsed, Declined {
    }

    /** The file as a table. */
    public record Parsed(Frame frame) implements Result {
    }

    /** The file needs DuckDB's reader; {@code reason} says why (for the log). */
    public record Declined(String reason) implements Result {
    }

    /** Parses {@code file} with {@code threads} threads (at least 1). */
    public static Result read(Path file, CsvOptions options, int threads) throws IOException {
        if (!options.header()) return new Declined("header: false");
        if (Files.size(file) > Integer.MAX_VALUE - 64) return new Declined("the file is larger than 2 GB");
        for (ColumnType t : options.forced().values()) {
            if (t == ColumnType.BOOL) return new Declined("a column is forced to bool");
        }
        ByteBuffer buf = map(file);
        Layout layout = new Layout(buf, (byte) options.delimiter(), nullBytes(options.nulls()));
        int start = hasBom(buf) ? 3 : 0;
        Header header = layout.header(start);
        if (header.problem() != null) return new Declined(header.problem());
        List<String> names = header.names();
        for (String forced : options.forced().keySet()) {
            if (!names.contains(forced)) return new Declined("forced column '" + forced + "' is not in the header");
        }
        if (header.end() >= buf.limit()) return new Declined("the file has no data rows");
        Kind[] kinds = new Kind[names.size()];
        boolean[] strict = new boolean[names.size()];
        for (int c = 0; c < kinds.length; c++) {
            ColumnType forced = options.forced().get(names.get(c));
            strict[c] = forced != null;
            kinds[c] = forced == null ? Kind.LONG : Kind.of(forced);
        }
        Chunk sniff = layout.parseWidening(header.end(), lineEnd(buf, Math.min(buf.limit(), header.end() + SNIFF_BYTES)), kinds, strict);
        if (sniff.problem() != null) return new Declined(sniff.problem());
        for (int c = 0; c < kinds.length; c++) if (sniff.sinks()[c].seenValue()) kinds[c] = sniff.sinks()[c].kind;

        int[] bounds = layout.split(header.end(), Math.max(1, threads));
        try (ExecutorService pool = pool(bounds.length - 1)) {
            Result direct = direct(layout, names, bounds, kinds.clone(), strict, pool);
            if (direct != null) return direct;
        }
        List<Chunk> chunks = parseAll(layout, header.end(), Math.max(1, threads), kinds, strict);
        for (Chunk ch : chunks) if (ch.problem() != null) return new Declined(ch.problem());
        Kind[] merged = merge(chunks, kinds.length);
        for (int i = 0; i < chunks.size(); i++) {
            Chunk ch = chunks.get(i);
            if (needsText(ch, merged)) {
                Kind[] again = ch.kinds();
                for (int c = 0; c < again.length; c++) if (merged[c] == Kind.TEXT) again[c] = Kind.TEXT;
                ch = layout.parseWidening(ch.from(), ch.to(), again, strict);
                if (ch.problem() != null) return new Declined(ch.problem());
                chunks.set(i, ch);
            }
        }
        return assemble(names, chunks, merged, strict);
    }

    /**
     * The fast path for files without quotes or lone CRs: every line break ends a row, so counting
     * them gives each range its first row, and all ranges write straight into the final column arrays
     * (no per-range arrays to copy, and half the fresh memory). A column that turns out wider than
     * the sniffed kind restarts the parse with the wider kind. Null when the file has quotes or lone
     * CRs, or a range's row count disagrees with its line count: the caller parses range by range.
     */
    private static Result direct(Layout layout, List<String> names, int[] bounds, Kind[] kinds, boolean[] strict,
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
        int rows = base[parts];
        while (true) {
            List<Object> arrays = all(pool, kinds.length, c -> newArray(kinds[c], rows));
            Sink[][] sinks = new Sink[parts][kinds.length];
            for (int i = 0; i < parts; i++) {
                for (int c = 0; c < kinds.length; c++) {
                    sinks[i][c] = new Sink(kinds[c], strict[c], c, arrays.get(c), base[i], base[i + 1] - base[i]);
                }
            }
            List<Object> outcomes = all(pool, parts, i -> {
                try {
                    return layout.parse(bounds[i], bounds[i + 1], kinds, strict, sinks[i]);
                } catch (Widen w) {
                    return w;
                }
            });
            boolean again = false;
            for (Object o : outcomes) {
                if (o instanceof Widen w) {
                    if (w.kind == null) return null;
                    kinds[w.column] = Kind.wider(kinds[w.column], w.kind);
                    again = true;
                }
            }
            if (again) continue;
            for (int i = 0; i < parts; i++) {
                Chunk ch = (Chunk) outcomes.get(i);
                if (ch.problem() != null) return new Declined(ch.problem());
                if (ch.rows() != base[i + 1] - base[i]) return null;
            }
            List<Column> columns = new ArrayList<>(names.size());
            for (int c = 0; c < names.size(); c++) {
                BitSet nulls = new BitSet();
                boolean seen = false;
                for (int i = 0; i < parts; i++) {
                    sinks[i][c].nullsInto(nulls, base[i]);
                    seen |= sinks[i][c].seenValue();
                }
                String name = names.get(c);
                Object column = !seen && !strict[c] ? textColumn(name, new String[rows], false) : switch (kinds[c]) {
                    case LONG -> new Column.Longs(name, (long[]) arrays.get(c), nulls);
                    case DOUBLE -> new Column.Doubles(name, (double[]) arrays.get(c), nulls);
                    case TEXT -> textColumn(name, (String[]) arrays.get(c), strict[c]);
                };
                if (column instanceof Declined d) return d;
                columns.add((Column) column);
            }
            return new Parsed(new Frame(columns));
        }
    }

    private static Object newArray(Kind kind, int rows) {
        return switch (kind) {
            case LONG -> new long[rows];
            case DOUBLE -> new double[rows];
            case TEXT -> new String[rows];
        };
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

    /** Parses the ranges in parallel; when a boundary turns out to cut a quoted field, the whole file on one thread. */
    private static List<Chunk> parseAll(Layout layout, int from, int threads, Kind[] kinds, boolean[] strict) throws IOException {
        int[] bounds = layout.split(from, threads);
        List<Chunk> chunks = new ArrayList<>();
        if (bounds.length == 2) {
            chunks.add(layout.parseWidening(bounds[0], bounds[1], kinds.clone(), strict));
            return chunks;
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(bounds.length - 1, r -> {
            Thread t = new Thread(r, "csv-parse");
            t.setDaemon(true);
            return t;
        })) {
            List<Future<Chunk>> running = new ArrayList<>();
            for (int i = 0; i + 1 < bounds.length; i++) {
                int a = bounds[i];
                int b = bounds[i + 1];
                running.add(pool.submit(() -> layout.parseWidening(a, b, kinds.clone(), strict)));
            }
            for (Future<Chunk> f : running) chunks.add(f.get());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IOException("parsing failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while parsing", e);
        }
        for (int i = 0; i + 1 < chunks.size(); i++) {
            if (chunks.get(i).end() != bounds[i + 1]) {   // a quoted line break spans the boundary
                List<Chunk> one = new ArrayList<>();
                one.add(layout.parseWidening(bounds[0], bounds[bounds.length - 1], kinds.clone(), strict));
                return one;
            }
        }
        return chunks;
    }

    private static Kind[] merge(List<Chunk> chunks, int columns) {
        Kind[] merged = new Kind[columns];
        for (int c = 0; c < columns; c++) {
            Kind k = null;
            for (Chunk ch : chunks) {
                Sink s = ch.sinks()[c];
                if (s.seenValue() || s.forced) k = k == null ? s.kind : Kind.wider(k, s.kind);
            }
            merged[c] = k == null ? Kind.TEXT : k;   // all missing: text, as DuckDB types it
        }
        return merged;
    }

    private static boolean needsText(Chunk ch, Kind[] merged) {
        for (int c = 0; c < merged.length; c++) {
            Sink s = ch.sinks()[c];
            if (merged[c] == Kind.TEXT && s.kind != Kind.TEXT && s.seenValue()) return true;
        }
        return false;
    }

    private static Result assemble(List<String> names, List<Chunk> chunks, Kind[] merged, boolean[] strict) {
        int rows = 0;
        for (Chunk ch : chunks) rows += ch.rows();
        List<Column> columns = new ArrayList<>(names.size());
        for (int c = 0; c < names.size(); c++) {
            String name = names.get(c);
            BitSet nulls = new BitSet();
            int offset = 0;
            switch (merged[c]) {
                case LONG -> {
                    long[] out = new long[rows];
                    for (Chunk ch : chunks) {
                        Sink s = ch.sinks()[c];
                        if (s.kind == Kind.LONG) System.arraycopy(s.longs, 0, out, offset, s.size);
                        s.nullsInto(nulls, offset);
                        offset += s.size;
                    }
                    columns.add(new Column.Longs(name, out, nulls));
                }
                case DOUBLE -> {
                    double[] out = new double[rows];
                    for (Chunk ch : chunks) {
                        Sink s = ch.sinks()[c];
                        if (s.kind == Kind.DOUBLE) System.arraycopy(s.doubles, 0, out, offset, s.size);
                        else if (s.kind == Kind.LONG) for (int i = 0; i < s.size; i++) out[offset + i] = s.longs[i];
                        s.nullsInto(nulls, offset);
                        offset += s.size;
                    }
                    columns.add(new Column.Doubles(name, out, nulls));
                }
                case TEXT -> {
                    String[] out = new String[rows];
                    for (Chunk ch : chunks) {
                        Sink s = ch.sinks()[c];
                        if (s.kind == Kind.TEXT) System.arraycopy(s.strings, 0, out, offset, s.size);
                        offset += s.size;
                    }
                    Object column = textColumn(name, out, strict[c]);
                    if (column instanceof Declined d) return d;
                    columns.add((Column) column);
                }
            }
        }
        return new Parsed(new Frame(columns));
    }

    /** A text column as DuckDB's path types it: booleans for true/false only; a {@link Declined} when it may hold dates. */
    private static Object textColumn(String name, String[] values, boolean forced) {
        if (forced) return new Column.Strings(name, values);
        String problem = mayBeTemporal(name, values);
        if (problem != null) return new Declined(problem);
        Column.Bools bools = asBooleans(name, values);
        return bools != null ? bools : new Column.Strings(name, values);
    }

    /** A date in one of the layouts DuckDB's sniffer tries (year, month, day in some order, then maybe a time). */
    private static final java.util.regex.Pattern DATE_LIKE =
            java.util.regex.Pattern.compile("\\d{1,4}[-/.]\\d{1,2}[-/.]\\d{1,4}([ T].*)?");

    /** DuckDB would try DATE and TIMESTAMP on this column: leave it to DuckDB when its first value looks like one. */
    private static String mayBeTemporal(String name, String[] values) {
        for (String v : values) {
            if (v == null) continue;
            if (DATE_LIKE.matcher(v.strip()).matches()) {
                return "column '" + name + "' may hold dates or times ('" + v + "')";
            }
            return null;
        }
        return null;
    }

    /** Text holding only true/false (any case, at least one value) as booleans, else null. */
    private static Column.Bools asBooleans(String name, String[] values) {
        boolean any = false;
        for (String v : values) {
            if (v == null) continue;
            if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) return null;
            any = true;
        }
        if (!any) return null;
        boolean[] out = new boolean[values.length];
        BitSet nulls = new BitSet();
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) nulls.set(i);
            else out[i] = values[i].equalsIgnoreCase("true");
        }
        return new Column.Bools(name, out, nulls);
    }

    /**
     * The file mapped into memory, read-only: its pages come from the page cache as the parser
     * reaches them, where reading it into a heap array would first have to fault in as much fresh
     * memory as the file is large (seconds for 200 MB on a busy virtual machine).
     */
    private static ByteBuffer map(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
        }
    }

    /** The high bit of each byte of {@code x} that is zero, and no other bit (exact, no carries between bytes). */
    static long zeroBytes(long x) {
        long t = (x & LOW7) + LOW7;
        return ~(t | x | LOW7);
    }

    private static boolean hasBom(ByteBuffer buf) {
        return buf.limit() >= 3 && buf.get(0) == (byte) 0xEF && buf.get(1) == (byte) 0xBB && buf.get(2) == (byte) 0xBF;
    }

    /** The position after the line break at or after {@code p} (or the end of the buffer). */
    static int lineEnd(ByteBuffer buf, int p) {
        while (p < buf.limit() && buf.get(p) != '\n') p++;
        return Math.min(buf.limit(), p + 1);
    }

    private static byte[][] nullBytes(List<String> nulls) {
        byte[][] out = new byte[nulls.size()][];
        for (int i = 0; i < out.length; i++) out[i] = nulls.get(i).getBytes(StandardCharsets.UTF_8);
        return out;
    }

    /** The storage kind of a column while parsing; widens LONG → DOUBLE → TEXT. */
    enum Kind {
        LONG, DOUBLE, TEXT;

        static Kind of(ColumnType t) {
            return switch (t) {
                case LONG -> LONG;
                case DOUBLE -> DOUBLE;
                case STRING, BOOL -> TEXT;
            };
        }

        static Kind wider(Kind a, Kind b) {
            return a.ordinal() >= b.ordinal() ? a : b;
        }
    }

    private record Header(List<String> names, int end, String problem) {
    }

    /** One parsed byte range: its sinks, the kinds it was parsed with, where it stopped, or why it cannot be parsed. */
    private record Chunk(int from, int to, int end, int rows, Kind[] kinds, Sink[] sinks, String problem) {
        static Chunk failed(int from, int to, String problem) {
            return new Chunk(from, to, to, 0, new Kind[0], new Sink[0], problem);
        }
    }

    /**
     * Why a range must be parsed again: column {@code column} needs the wider {@code kind}, or
     * ({@code kind == null}) a range has more rows than counted for it.
     */
    private static final class Widen extends Exception {
        final int column;
        final Kind kind;

        Widen(int column, Kind kind) {
            super(null, null, false, false);
            this.column = column;
            this.kind = kind;
        }
    }

    /** The file's bytes and how to cut them into fields. */
    private static final class Layout {
        final ByteBuffer buf;
        private final byte delimiter;
        private final byte[][] nulls;
        /** Whether {@link #plainNumber} may read fields: not when a null token or the delimiter could be part of a number. */
        private final boolean plainNumbers;

        Layout(ByteBuffer buf, byte delimiter, byte[][] nulls) {
            this.buf = buf;
            this.delimiter = delimiter;
            this.nulls = nulls;
            boolean numericNull = false;
            for (byte[] token : nulls) {
                numericNull |= token.length > 0 && (token[0] == '-' || token[0] == '.' || (token[0] >= '0' && token[0] <= '9'));
            }
            this.plainNumbers = !numericNull && delimiter != '-' && delimiter != '.' && (delimiter < '0' || delimiter > '9');
        }

        Header header(int start) {
            List<String> names = new ArrayList<>();
            int[] field = new int[3];
            int p = start;
            while (true) {
                p = field(p, field);
                if (p < 0) return new Header(List.of(), 0, "the header line has a stray quote");
                names.add(decode(field[0], field[1], field[2] == 1));
                if (p >= buf.limit()) break;
                if (buf.get(p) == delimiter) {
                    p++;
                    continue;
                }
                p = afterLineBreak(p);
                break;
            }
            Set<String> seen = new HashSet<>();
            for (String n : names) {
                if (n.isEmpty()) return new Header(names, p, "the header has an empty column name");
                if (!n.equals(n.strip())) return new Header(names, p, "header name '" + n + "' has spaces around it");
                if (!seen.add(n)) return new Header(names, p, "the header repeats the column name '" + n + "'");
            }
            return new Header(names, p, null);
        }

        /**
         * {line breaks, 1 if a quote or a lone CR occurs else 0} in {@code [from, to)}. Reads 8 bytes at a
         * time and counts line breaks with a branch-free zero-byte test; a word holding a quote or a CR
         * is looked at byte by byte.
         */
        long[] census(int from, int to) {
            long lines = 0;
            int p = from;
            ByteBuffer words = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            for (; p + 8 <= to; p += 8) {
                long w = words.getLong(p);
                long special = zeroBytes(w ^ QUOTES) | zeroBytes(w ^ CRS);
                if (special != 0) {
                    for (int i = p; i < p + 8; i++) if (isQuoteOrLoneCr(i)) return new long[] {lines, 1};
                }
                lines += Long.bitCount(zeroBytes(w ^ NEWLINES));
            }
            for (; p < to; p++) {
                if (isQuoteOrLoneCr(p)) return new long[] {lines, 1};
                if (buf.get(p) == '\n') lines++;
            }
            return new long[] {lines, 0};
        }

        private boolean isQuoteOrLoneCr(int p) {
            byte b = buf.get(p);
            return b == QUOTE || (b == '\r' && (p + 1 >= buf.limit() || buf.get(p + 1) != '\n'));
        }

        /**
         * Byte ranges for {@code parts} threads, each starting at a line start: {@code [b0, b1, ..., end]}.
         * A boundary may still fall inside a quoted field; {@link #parseAll} checks.
         */
        int[] split(int from, int parts) {
            List<Integer> bounds = new ArrayList<>();
            bounds.add(from);
            long size = buf.limit() - from;
            for (int i = 1; i < parts; i++) {
                int b = lineEnd(buf, (int) (from + size * i / parts));
                if (b > bounds.getLast() && b < buf.limit()) bounds.add(b);
            }
            bounds.add(buf.limit());
            return bounds.stream().mapToInt(Integer::intValue).toArray();
        }

        /** Parses the range, turning a numeric column to text (and starting over) when a value needs it. */
        Chunk parseWidening(int from, int to, Kind[] kinds, boolean[] strict) {
            while (true) {
                try {
                    return parse(from, to, kinds, strict);
                } catch (Widen w) {
                    kinds[w.column] = Kind.TEXT;   // own sinks widen to double in place: only text restarts
                }
            }
        }

        private Chunk parse(int from, int to, Kind[] kinds, boolean[] strict) throws Widen {
            int firstLine = lineEnd(buf, from) - from;
            int capacity = (int) Math.min(Integer.MAX_VALUE - 16L, (long) (to - from) / Math.max(1, firstLine) * 11 / 10 + 16);
            Sink[] sinks = new Sink[kinds.length];
            for (int c = 0; c < kinds.length; c++) sinks[c] = new Sink(kinds[c], strict[c], capacity);
            return parse(from, to, kinds, strict, sinks);
        }

        /** Parses the range into {@code sinks}; throws {@link Widen} when a column needs a wider kind than its sink holds. */
        Chunk parse(int from, int to, Kind[] kinds, boolean[] strict, Sink[] sinks) throws Widen {
            int columns = kinds.length;
            CsvNumbers.LongResult lr = new CsvNumbers.LongResult();
            CsvNumbers.DoubleResult dr = new CsvNumbers.DoubleResult();
            int[] field = new int[3];
            int p = from;
            int rows = 0;
            while (p < to) {
                int c = 0;
                while (true) {
                    int plain = c < columns ? plainNumber(p, sinks[c]) : -1;
                    if (plain >= 0) {
                        field[0] = p;
                        field[1] = plain;
                        p = plain;
                    } else {
                        p = field(p, field);
                        if (p < 0) return Chunk.failed(from, to, "a quote in the middle of a field or an unclosed quote");
                        if (c >= columns) return Chunk.failed(from, to, "a row has more than " + columns + " fields");
                        if (!add(sinks[c], field, lr, dr)) {
                            if (strict[c]) return Chunk.failed(from, to, "a value does not parse as the forced type of its column");
                            throw new Widen(c, Kind.TEXT);
                        }
                    }
                    c++;
                    if (p >= buf.limit()) break;
                    if (buf.get(p) == delimiter) {
                        p++;
                        continue;
                    }
                    p = afterLineBreak(p);
                    break;
                }
                if (c != columns) {
                    return Chunk.failed(from, to, c == 1 && field[1] == field[0] ? "a blank line" : "a row has " + c + " fields, not " + columns);
                }
                rows++;
            }
            return new Chunk(from, to, p, rows, kinds, sinks, null);
        }

        /**
         * The fast path for the most common field of a numeric column, a plain decimal {@code [-]digits[.digits]}
         * of at most {@value CsvNumbers#PLAIN_DIGITS} digits ending at a delimiter, a line break or the end: found
         * and parsed in one pass over its bytes (where {@link #field} then {@link #add} pass twice) and stored.
         * Returns the position after it, or -1 when the field is anything else (empty, quoted, an exponent,
         * spaces, more digits, a fraction in an integer column...): the general path then reads it, with the
         * same result for every field both accept (Clinger's exact case of {@link CsvNumbers#parseDouble}).
         */
        private int plainNumber(int p, Sink s) throws Widen {
            if (!plainNumbers || s.kind == Kind.TEXT) return -1;
            int n = buf.limit();
            int q = p;
            boolean negative = q < n && buf.get(q) == '-';
            if (negative) q++;
            long mantissa = 0;
            int digits = 0;
            int fraction = 0;
            byte b = 0;
            for (; q < n; q++, digits++) {
                b = buf.get(q);
                if (b < '0' || b > '9') break;
                mantissa = mantissa * 10 + (b - '0');
            }
            if (q < n && b == '.') {
                if (s.kind == Kind.LONG) return -1;
                for (q++; q < n; q++, fraction++) {
                    b = buf.get(q);
                    if (b < '0' || b > '9') break;
                    mantissa = mantissa * 10 + (b - '0');
                }
            }
            if (digits + fraction == 0 || digits + fraction > CsvNumbers.PLAIN_DIGITS) return -1;
            if (!negative && digits > 1 && buf.get(p) == '0') return -1;   // 007: text in DuckDB (general path decides)
            if (q < n && b != delimiter && b != '\n' && b != '\r') return -1;
            if (s.kind == Kind.LONG) s.addLong(negative ? -mantissa : mantissa);
            else s.addDouble(CsvNumbers.plain(mantissa, fraction, negative));
            return q;
        }

        /** Stores one field; false when it does not parse as the sink's number kind. */
        private boolean add(Sink s, int[] field, CsvNumbers.LongResult lr, CsvNumbers.DoubleResult dr) throws Widen {
            int a = field[0];
            int b = field[1];
            boolean escaped = field[2] == 1;
            if (!escaped && isNull(a, b)) {
                s.addNull();
                return true;
            }
            switch (s.kind) {
                case LONG -> {
                    CsvNumbers.parseLong(buf, a, b, lr);
                    if (lr.ok) {
                        s.addLong(lr.value);
                        return true;
                    }
                    if (s.forced) return false;   // a forced integer column takes integers only
                    CsvNumbers.parseDouble(buf, a, b, dr);
                    if (!dr.ok) return false;
                    if (s.shared) throw new Widen(s.column, Kind.DOUBLE);
                    s.toDoubles();
                    s.addDouble(dr.value);
                    return true;
                }
                case DOUBLE -> {
                    CsvNumbers.parseDouble(buf, a, b, dr);
                    if (!dr.ok) return false;
                    s.addDouble(dr.value);
                    return true;
                }
                default -> {
                    s.addString(decode(a, b, escaped));
                    return true;
                }
            }
        }

        private boolean isNull(int a, int b) {
            int len = b - a;
            outer:
            for (byte[] n : nulls) {
                if (n.length != len) continue;
                for (int i = 0; i < len; i++) if (buf.get(a + i) != n[i]) continue outer;
                return true;
            }
            return false;
        }

        /**
         * Finds the field starting at {@code p}: writes {start, end, escaped(0/1)} of its content into
         * {@code out} and returns the position of the delimiter or line break after it (or the end of
         * the buffer), or -1 for a stray or unclosed quote.
         */
        private int field(int p, int[] out) {
            int n = buf.limit();
            if (p < n && buf.get(p) == QUOTE) {
                int start = ++p;
                boolean escaped = false;
                while (true) {
                    if (p >= n) return -1;
                    if (buf.get(p) == QUOTE) {
                        if (p + 1 < n && buf.get(p + 1) == QUOTE) {
                            escaped = true;
                            p += 2;
                            continue;
                        }
                        break;
                    }
                    p++;
                }
                out[0] = start;
                out[1] = p;
                out[2] = escaped ? 1 : 0;
                p++;
                if (p < n && buf.get(p) != delimiter && buf.get(p) != '\n' && buf.get(p) != '\r') return -1;
                return p;
            }
            int start = p;
            while (p < n) {
                byte b = buf.get(p);
                if (b == delimiter || b == '\n' || b == '\r') break;
                if (b == QUOTE) return -1;
                p++;
            }
            out[0] = start;
            out[1] = p;
            out[2] = 0;
            return p;
        }

        private int afterLineBreak(int p) {
            if (buf.get(p) == '\r') p++;
            if (p < buf.limit() && buf.get(p) == '\n') p++;
            return p;
        }

        private String decode(int a, int b, boolean escaped) {
            byte[] bytes = new byte[b - a];
            buf.get(a, bytes);
            String s = new String(bytes, StandardCharsets.UTF_8);
            return escaped ? s.replace("\"\"", "\"") : s;
        }
    }

    /**
     * The values of one column in one range, in the narrowest kind seen so far: either its own
     * growing arrays, or ({@code shared}) rows {@code [base, base + limit)} of the whole column's array,
     * which other ranges fill at the same time (so it cannot change kind in place).
     */
    private static final class Sink {
        Kind kind;
        final boolean forced;
        final boolean shared;
        final int column;
        final int base;
        final int limit;
        long[] longs;
        double[] doubles;
        String[] strings;
        BitSet nulls;
        int size;
        private boolean seen;

        Sink(Kind kind, boolean forced, int capacity) {
            this.kind = kind;
            this.forced = forced;
            this.shared = false;
            this.column = -1;
            this.base = 0;
            this.limit = Integer.MAX_VALUE;
            switch (kind) {
                case LONG -> longs = new long[capacity];
                case DOUBLE -> doubles = new double[capacity];
                case TEXT -> strings = new String[capacity];
            }
        }

        /** A view of rows {@code [base, base + limit)} of the column array {@code array} (a long[], double[] or String[]). */
        Sink(Kind kind, boolean forced, int column, Object array, int base, int limit) {
            this.kind = kind;
            this.forced = forced;
            this.shared = true;
            this.column = column;
            this.base = base;
            this.limit = limit;
            switch (kind) {
                case LONG -> longs = (long[]) array;
                case DOUBLE -> doubles = (double[]) array;
                case TEXT -> strings = (String[]) array;
            }
        }

        boolean seenValue() {
            return seen;
        }

        void addNull() throws Widen {
            ensure();
            if (nulls == null) nulls = new BitSet();
            nulls.set(size++);
        }

        void addLong(long v) throws Widen {
            ensure();
            longs[base + size++] = v;
            seen = true;
        }

        void addDouble(double v) throws Widen {
            ensure();
            doubles[base + size++] = v;
            seen = true;
        }

        void addString(String v) throws Widen {
            ensure();
            strings[base + size++] = v;
            seen = true;
        }

        /** Integer values so far become doubles (exactly as DuckDB would read their text as DOUBLE). */
        void toDoubles() {
            doubles = new double[longs.length];
            for (int i = 0; i < size; i++) doubles[i] = longs[i];
            longs = null;
            kind = Kind.DOUBLE;
        }

        void nullsInto(BitSet target, int offset) {
            if (nulls == null) return;
            for (int i = nulls.nextSetBit(0); i >= 0; i = nulls.nextSetBit(i + 1)) target.set(offset + i);
        }

        private void ensure() throws Widen {
            if (shared) {
                if (size >= limit) throw new Widen(column, null);
                return;
            }
            int cap = switch (kind) {
                case LONG -> longs.length;
                case DOUBLE -> doubles.length;
                case TEXT -> strings.length;
            };
            if (size < cap) return;
            int grown = (int) Math.min(Integer.MAX_VALUE - 16L, cap + (cap >> 1) + 16L);
            switch (kind) {
                case LONG -> longs = Arrays.copyOf(longs, grown);
                case DOUBLE -> doubles = Arrays.copyOf(doubles, grown);
                case TEXT -> strings = Arrays.copyOf(strings, grown);
            }
        }
    }
}
