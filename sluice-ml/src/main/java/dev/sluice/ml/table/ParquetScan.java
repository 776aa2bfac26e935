package dev.sluice.ml.table;

import org.duckdb.DuckDBColumnType;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDataChunkReader;
import org.duckdb.DuckDBFunctions;
import org.duckdb.DuckDBLogicalType;
import org.duckdb.DuckDBReadableVector;
import org.duckdb.DuckDBScalarFunctionBuilder;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads the columns of a Parquet file into Java arrays from inside DuckDB's own scan: a Java scalar function per
 * column type, {@code sluice_fill_double(file_row_number, c1, c2, ...)}, is called on DuckDB's worker threads with
 * each decoded 2048-row chunk and copies it to its rows of the arrays. The scan, its decoding and the copy then run
 * on all of DuckDB's threads at once, and nothing is materialized in between. Reads run on the process's shared
 * database ({@link DuckSession#shared()}), which has the functions.
 *
 * <p>Fetching a query result chunk by chunk instead ({@code DuckDBChunkedResult}) hands every chunk across one
 * consumer thread: an 800,000 x 29 table took 1.49–1.70 s that way, against 0.42–0.52 s this way once the shared
 * database has read before (both with the arrays pretenured; {@code bench/archive/notes/ml.md}).
 *
 * <p>Chunks come from several threads in any order; each one carries its rows' positions in the file
 * ({@code file_row_number}), so it is copied whole to its place when its rows are consecutive (always, for a plain
 * scan) and row by row otherwise. A file with a column of that name is scanned on one thread in file order instead.
 * Null masks are shared between threads and set under a lock, only for chunks that have nulls.
 */
final class ParquetScan {
    private static final String ROW = "file_row_number";
    /** Scratch for one chunk's row numbers, per DuckDB thread. */
    private static final ThreadLocal<long[]> ROW_NUMBERS = ThreadLocal.withInitial(() -> new long[4096]);
    /** The reads in progress, by the id their query passes to the fill functions. */
    private static final Map<Long, Target> TARGETS = new ConcurrentHashMap<>();
    private static final AtomicLong IDS = new AtomicLong();

    private ParquetScan() {
    }

    /** Reads {@code fields} of {@code parquet} ({@code rows} rows, from its footer) into columns, in order. */
    static Column[] read(DuckSession db, Path parquet, Schema schema, List<Schema.Field> fields, int rows)
            throws SQLException {
        if (schema.fields().stream().anyMatch(f -> f.name().equalsIgnoreCase(ROW))) {
            // DuckDB cannot add its row number beside a column of that name: scan on one thread, in file order
            try (DuckSession single = DuckSession.open(1)) {
                install(single.connection());
                return scan(single, parquet, fields, rows, true);
            }
        }
        return scan(db, parquet, fields, rows, false);
    }

    private static Column[] scan(DuckSession db, Path parquet, List<Schema.Field> fields, int rows, boolean ordered)
            throws SQLException {
        Target target = new Target(new EnumMap<>(ColumnType.class), ordered, new AtomicLong(), new AtomicLong());
        ColumnBuffer[] buffers = new ColumnBuffer[fields.size()];
        Map<ColumnType, List<Integer>> byType = new EnumMap<>(ColumnType.class);
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = ColumnBuffer.of(fields.get(i), rows);
            byType.computeIfAbsent(fields.get(i).type(), t -> new ArrayList<>()).add(i);
        }
        long id = IDS.incrementAndGet();
        List<String> calls = new ArrayList<>();
        for (var e : byType.entrySet()) {
            target.groups().put(e.getKey(), e.getValue().stream().map(i -> buffers[i]).toArray(ColumnBuffer[]::new));
            StringBuilder call = new StringBuilder(function(e.getKey())).append('(').append(id).append("::BIGINT, ")
                    .append(ordered ? "0::BIGINT" : ROW);
            for (int i : e.getValue()) call.append(", ").append(castFor(fields.get(i)));
            calls.add("count(" + call + "))");
        }
        String sql = "SELECT " + String.join(", ", calls) + " FROM read_parquet(" + DuckSession.literal(parquet)
                + (ordered ? ")" : ", file_row_number = true)");
        TARGETS.put(id, target);
        try {
            db.queryLong(sql);
        } finally {
            TARGETS.remove(id);
        }
        long read = target.filled().get() / byType.size();
        if (read != rows) throw new SQLException("read " + read + " rows, the file says " + rows);
        Column[] out = new Column[buffers.length];
        for (int i = 0; i < out.length; i++) out[i] = buffers[i].column();
        return out;
    }

    /** One read's arrays by column type (in the order of its function's arguments), and its progress. */
    private record Target(Map<ColumnType, ColumnBuffer[]> groups, boolean ordered, AtomicLong next, AtomicLong filled) {}

    private static String function(ColumnType type) {
        return "sluice_fill_" + type.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Registers {@code sluice_fill_<type>(read id, row number, values...)} for the four column types on the database
     * of {@code c} ({@link DuckSession#shared()} does it once).
     */
    static void install(DuckDBConnection c) throws SQLException {
        boolean bulk = VectorCopy.available();
        for (ColumnType type : ColumnType.values()) {
            try (DuckDBScalarFunctionBuilder f = DuckDBFunctions.scalarFunction();
                 DuckDBLogicalType values = DuckDBLogicalType.of(FrameSource.duckType(type))) {
                f.withName(function(type)).withParameter(DuckDBColumnType.BIGINT).withParameter(DuckDBColumnType.BIGINT)
                        .withVarArgs(values)
                        .withReturnType(DuckDBColumnType.BIGINT).withVolatile()
                        .withVectorizedFunction((chunk, result) -> fill(chunk, type, bulk))
                        .register(c);
            }
            // the function's value is not used: every row is left NULL, which count() skips
        }
    }

    /** Copies one chunk of one read's columns of {@code type} to their rows. */
    private static void fill(DuckDBDataChunkReader chunk, ColumnType type, boolean bulk) {
        int n = Math.toIntExact(chunk.rowCount());
        if (n == 0) return;
        long id = chunk.vector(0).getLong(0);
        Target t = TARGETS.get(id);
        if (t == null) throw new IllegalStateException("no table read in progress has id " + id);
        ColumnBuffer[] group = t.groups().get(type);
        int[] first = new int[1];
        int[] at = t.ordered() ? null : positions(chunk.vector(1), n, bulk, first);
        int from = t.ordered() ? Math.toIntExact(t.next().getAndAdd(n)) : at == null ? first[0] : -1;
        for (int k = 0; k < group.length; k++) {
            DuckDBReadableVector v = chunk.vector(k + 2);
            if (from >= 0) group[k].fill(v, from, n, bulk);
            else group[k].scatter(v, at);
        }
        t.filled().addAndGet(n);
    }

    /** Null when the chunk's row numbers are consecutive from {@code first[0]} (set), else each row's position. */
    private static int[] positions(DuckDBReadableVector rowNumbers, int n, boolean bulk, int[] first) {
        long[] numbers = ROW_NUMBERS.get();
        if (bulk) {
            VectorCopy.longs(rowNumbers, numbers, 0, n, new BitSet());
        } else {
            for (int i = 0; i < n; i++) numbers[i] = rowNumbers.getLong(i);
        }
        first[0] = Math.toIntExact(numbers[0]);
        boolean consecutive = true;
        for (int i = 1; i < n; i++) consecutive &= numbers[i] == numbers[0] + i;
        if (consecutive) return null;
        int[] at = new int[n];
        for (int i = 0; i < n; i++) at[i] = Math.toIntExact(numbers[i]);
        return at;
    }

    private static String castFor(Schema.Field f) {
        return "CAST(" + DuckSession.ident(f.name()) + " AS " + TableIO.sqlType(f.type()) + ")";
    }

    /** Primitive arrays being filled chunk by chunk for one column, from several threads at disjoint rows. */
    private sealed interface ColumnBuffer {
        /** Copies the vector's first {@code n} rows to rows {@code offset..}; {@code bulk} when {@link VectorCopy} may be used. */
        void fill(DuckDBReadableVector v, int offset, int n, boolean bulk);

        /** Copies row {@code i} of the vector to row {@code at[i]}. */
        void scatter(DuckDBReadableVector v, int[] at);

        Column column();

        static ColumnBuffer of(Schema.Field f, int rows) {
            return switch (f.type()) {
                case DOUBLE -> new DoubleBuffer(f.name(), new double[rows], new BitSet());
                case LONG -> new LongBuffer(f.name(), new long[rows], new BitSet());
                case STRING -> new StringBuffer(f.name(), new String[rows]);
                case BOOL -> new BoolBuffer(f.name(), new boolean[rows], new BitSet());
            };
        }

        /** Sets a null row; the mask is shared by the threads filling the column. */
        static void setNull(BitSet nulls, int row) {
            synchronized (nulls) {
                nulls.set(row);
            }
        }
    }

    private record DoubleBuffer(String name, double[] values, BitSet nulls) implements ColumnBuffer {
        public void fill(DuckDBReadableVector v, int offset, int n, boolean bulk) {
            if (bulk) {
                VectorCopy.doubles(v, values, offset, n, nulls);
                return;
            }
            for (int i = 0; i < n; i++) {
                if (v.isNull(i)) ColumnBuffer.setNull(nulls, offset + i);
                else values[offset + i] = v.getDouble(i);
            }
        }

        public void scatter(DuckDBReadableVector v, int[] at) {
            for (int i = 0; i < at.length; i++) {
                if (v.isNull(i)) ColumnBuffer.setNull(nulls, at[i]);
                else values[at[i]] = v.getDouble(i);
            }
        }

        public Column column() { return new Column.Doubles(name, values, nulls); }
    }

    private record LongBuffer(String name, long[] values, BitSet nulls) implements ColumnBuffer {
        public void fill(DuckDBReadableVector v, int offset, int n, boolean bulk) {
            if (bulk) {
                VectorCopy.longs(v, values, offset, n, nulls);
                return;
            }
            for (int i = 0; i < n; i++) {
                if (v.isNull(i)) ColumnBuffer.setNull(nulls, offset + i);
                else values[offset + i] = v.getLong(i);
            }
        }

        public void scatter(DuckDBReadableVector v, int[] at) {
            for (int i = 0; i < at.length; i++) {
                if (v.isNull(i)) ColumnBuffer.setNull(nulls, at[i]);
                else values[at[i]] = v.getLong(i);
            }
        }

        public Column column() { return new Column.Longs(name, values, nulls); }
    }

    private record StringBuffer(String name, String[] values) implements ColumnBuffer {
        public void fill(DuckDBReadableVector v, int offset, int n, boolean bulk) {
            for (int i = 0; i < n; i++) values[offset + i] = v.getString(i);
        }

        public void scatter(DuckDBReadableVector v, int[] at) {
            for (int i = 0; i < at.length; i++) values[at[i]] = v.getString(i);
        }

        public Column column() { return new Column.Strings(name, values); }
    }

    private record BoolBuffer(String name, boolean[] values, BitSet nulls) implements ColumnBuffer {
        public void fill(DuckDBReadableVector v, int offset, int n, boolean bulk) {
            for (int i = 0; i < n; i++) {
                if (v.isNull(i)) ColumnBuffer.setNull(nulls, offset + i);
                else values[offset + i] = v.getBoolean(i);
            }
        }

        public void scatter(DuckDBReadableVector v, int[] at) {
            for (int i = 0; i < at.length; i++) {
                if (v.isNull(i)) ColumnBuffer.setNull(nulls, at[i]);
                else values[at[i]] = v.getBoolean(i);
            }
        }

        public Column column() { return new Column.Bools(name, values, nulls); }
    }
}
