package dev.sluice.ml.table;

import dev.sluice.api.PipelineException;
import org.duckdb.DuckDBChunkedResult;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDataChunkReader;
import org.duckdb.DuckDBPreparedStatement;
import org.duckdb.DuckDBReadableVector;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Reads Parquet files into {@link Frame}s and writes frames to Parquet, through DuckDB.
 *
 * <p>Types: DOUBLE, FLOAT and DECIMAL become {@link Column.Doubles}; integer types
 * {@link Column.Longs}; BOOLEAN {@link Column.Bools}; everything else (VARCHAR, DATE, TIMESTAMP...)
 * {@link Column.Strings} in DuckDB's text form. Nulls go to the null mask.
 *
 * <p>Reading uses DuckDB's chunked result ({@code DuckDBPreparedStatement.query()}), which hands
 * over 2048-row vectors without a per-cell {@code ResultSet} call; DuckDB casts every column to one
 * of four types first so the copy loops stay monomorphic. Numeric vectors are copied whole
 * ({@link VectorCopy}); the columns are split into one group per core, each group read by its own
 * query on its own connection, at the same time; the row count comes from the Parquet footer. Writing hands the frame to DuckDB as a table
 * function ({@link FrameSource}) and {@code COPY}s it to a temporary file that is renamed into place.
 *
 * <p>Stateless and thread-safe: each call opens its own in-memory database.
 *
 * <pre>{@code
 * Frame train = TableIO.read(ctx.input("train"));
 * Schema schema = TableIO.schema(ctx.input("train"));   // without loading the rows
 * TableIO.write(frame, ctx.outputFile("data", "data.parquet"));
 * }</pre>
 */
public final class TableIO {
    private TableIO() {
    }

    /** The columns of a Parquet file, read from its metadata. */
    public static Schema schema(Path parquet) {
        requireFile(parquet);
        try (DuckSession db = DuckSession.open(1)) {
            return db.describe(source(parquet));
        } catch (SQLException e) {
            throw unreadable(parquet, e);
        }
    }

    /** The whole table. */
    public static Frame read(Path parquet) {
        return read(parquet, List.of());
    }

    /** Only the named columns (all columns when {@code columns} is empty), in the order given. */
    public static Frame read(Path parquet, List<String> columns) {
        return read(parquet, columns, schema -> { });
    }

    /**
     * The whole table, after {@code check} has accepted its schema (it throws to refuse, e.g. a column type the
     * caller cannot use): one DuckDB session for both, where {@link #schema} then {@link #read(Path)} open two.
     */
    public static Frame read(Path parquet, Consumer<Schema> check) {
        return read(parquet, List.of(), check);
    }

    private static Frame read(Path parquet, List<String> columns, Consumer<Schema> check) {
        requireFile(parquet);
        int threads = Runtime.getRuntime().availableProcessors();
        try (DuckSession db = DuckSession.open(threads)) {
            Schema schema = db.describe(source(parquet));
            check.accept(schema);
            List<Schema.Field> fields = columns.isEmpty() ? schema.fields()
                    : columns.stream().map(c -> schema.require(c, "table " + parquet)).toList();
            if (fields.isEmpty()) return new Frame(List.of());
            // the row count is in the file's footer: no scan
            int rows = Math.toIntExact(db.queryLong("SELECT num_rows FROM parquet_file_metadata("
                    + DuckSession.literal(parquet) + ")"));
            List<List<Integer>> groups = ColumnGroups.split(fields, threads);
            Column[] out = new Column[fields.size()];
            if (groups.size() <= 1) {
                readGroup(db.connection(), parquet, fields, rows, allIndexes(fields.size()), out);
            } else {
                readParallel(db.connection(), parquet, fields, rows, groups, out);
            }
            return new Frame(List.of(out));
        } catch (SQLException e) {
            throw unreadable(parquet, e);
        }
    }

    /** Writes the frame to {@code target} atomically (temporary file, then rename), on all cores. */
    public static void write(Frame frame, Path target) {
        write(frame, target, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Writes the frame to {@code target} atomically on at most {@code threads} DuckDB threads: 1 for background
     * writers (the prediction log) that must not take cores from the work they record.
     */
    public static void write(Frame frame, Path target, int threads) {
        try (Writer writer = new Writer(threads)) {
            writer.write(frame, target);
        }
    }

    /**
     * Writes frames to Parquet files one after another on one open DuckDB session: for a writer that writes often,
     * such as the prediction log (opening a DuckDB instance costs 40–150 ms on a busy machine, more than writing
     * 10,000 rows). Each file is written atomically. Not thread-safe: one writer thread.
     */
    public static final class Writer implements AutoCloseable {
        private final DuckSession db;
        private FrameSource.Registered slot;

        /** A writer on at most {@code threads} DuckDB threads. */
        public Writer(int threads) {
            this.db = DuckSession.open(threads);
        }

        public void write(Frame frame, Path target) {
            try {
                if (frame.columns().isEmpty()) {
                    db.execute("CREATE OR REPLACE TEMP TABLE empty_frame (\"_empty\" BOOLEAN)");
                    db.copyToParquet("SELECT * FROM empty_frame", target);
                    return;
                }
                if (slot == null) slot = FrameSource.registerSlot(db);
                slot.source().frame(frame);
                try {
                    db.copyToParquet(slot.sql(), target);
                } finally {
                    slot.source().frame(new Frame(List.of()));
                }
            } catch (SQLException e) {
                throw new PipelineException("cannot write table " + target + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            db.close();
        }
    }

    static String sqlType(ColumnType type) {
        return switch (type) {
            case DOUBLE -> "DOUBLE";
            case LONG -> "BIGINT";
            case STRING -> "VARCHAR";
            case BOOL -> "BOOLEAN";
        };
    }

    private static String source(Path parquet) {
        return "read_parquet(" + DuckSession.literal(parquet) + ")";
    }

    private static String castFor(Schema.Field f) {
        return "CAST(" + DuckSession.ident(f.name()) + " AS " + sqlType(f.type()) + ")";
    }

    /**
     * Reads column groups at the same time, each over its own connection to the same database: one
     * query streams its chunks through one thread, so a wide table is decoded on all cores only
     * when the columns are split.
     */
    private static void readParallel(DuckDBConnection main, Path parquet, List<Schema.Field> fields, int rows,
                                     List<List<Integer>> groups, Column[] out) throws SQLException {
        List<Future<?>> running = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(groups.size(), r -> {
            Thread t = new Thread(r, "table-read");
            t.setDaemon(true);
            return t;
        })) {
            for (List<Integer> group : groups) {
                running.add(pool.submit(() -> {
                    try (DuckDBConnection c = (DuckDBConnection) main.duplicate()) {
                        readGroup(c, parquet, fields, rows, group, out);
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) throw sql;
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new SQLException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while reading " + parquet, e);
        }
    }

    /** Reads the columns {@code group} (indexes into {@code fields}) into {@code out} at the same indexes. */
    private static void readGroup(DuckDBConnection c, Path parquet, List<Schema.Field> fields, int rows,
                                  List<Integer> group, Column[] out) throws SQLException {
        String select = group.stream().map(i -> castFor(fields.get(i))).collect(Collectors.joining(", "));
        List<ColumnBuffer> buffers = group.stream().map(i -> ColumnBuffer.of(fields.get(i), rows)).toList();
        boolean bulk = VectorCopy.available();
        int offset = 0;
        try (DuckDBPreparedStatement ps = (DuckDBPreparedStatement) c.prepareStatement(
                "SELECT " + select + " FROM " + source(parquet));
             DuckDBChunkedResult result = ps.query()) {
            while (result.nextChunk()) {
                DuckDBDataChunkReader chunk = result.chunk();
                int n = Math.toIntExact(chunk.rowCount());
                if (offset + n > rows) throw new SQLException("the file has more rows than its footer says (" + rows + ")");
                for (int k = 0; k < buffers.size(); k++) buffers.get(k).fill(chunk.vector(k), offset, n, bulk);
                offset += n;
            }
        }
        if (offset != rows) throw new SQLException("read " + offset + " rows, the file says " + rows);
        for (int k = 0; k < group.size(); k++) out[group.get(k)] = buffers.get(k).column();
    }

    private static List<Integer> allIndexes(int n) {
        List<Integer> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) all.add(i);
        return all;
    }

    private static void requireFile(Path parquet) {
        if (!Files.isRegularFile(parquet)) {
            throw new PipelineException("table file " + parquet + " does not exist; check the path or the step that produces it");
        }
    }

    private static PipelineException unreadable(Path parquet, SQLException e) {
        return new PipelineException("cannot read table " + parquet + " as Parquet: " + e.getMessage(), e);
    }

    /** Primitive arrays being filled chunk by chunk for one column. */
    private sealed interface ColumnBuffer {
        /** Copies the vector's first {@code n} rows to {@code offset}; {@code bulk} when {@link VectorCopy} may be used. */
        void fill(DuckDBReadableVector v, int offset, int n, boolean bulk);

        Column column();

        static ColumnBuffer of(Schema.Field f, int rows) {
            return switch (f.type()) {
                case DOUBLE -> new DoubleBuffer(f.name(), new double[rows], new BitSet());
                case LONG -> new LongBuffer(f.name(), new long[rows], new BitSet());
                case STRING -> new StringBuffer(f.name(), new String[rows]);
                case BOOL -> new BoolBuffer(f.name(), new boolean[rows], new BitSet());
            };
        }
    }

    private record DoubleBuffer(String name, double[] values, BitSet nulls) implements ColumnBuffer {
        public void fill(DuckDBReadableVector v, int offset, int n, boolean bulk) {
            if (bulk) {
                VectorCopy.doubles(v, values, offset, n, nulls);
                return;
            }
            for (int i = 0; i < n; i++) {
                if (v.isNull(i)) nulls.set(offset + i);
                else values[offset + i] = v.getDouble(i);
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
                if (v.isNull(i)) nulls.set(offset + i);
                else values[offset + i] = v.getLong(i);
            }
        }

        public Column column() { return new Column.Longs(name, values, nulls); }
    }

    private record StringBuffer(String name, String[] values) implements ColumnBuffer {
        public void fill(DuckDBReadableVector v, int offset, int n, boolean bulk) {
            for (int i = 0; i < n; i++) values[offset + i] = v.getString(i);
        }

        public Column column() { return new Column.Strings(name, values); }
    }

    private record BoolBuffer(String name, boolean[] values, BitSet nulls) implements ColumnBuffer {
        public void fill(DuckDBReadableVector v, int offset, int n, boolean bulk) {
            for (int i = 0; i < n; i++) {
                if (v.isNull(i)) nulls.set(offset + i);
                else values[offset + i] = v.getBoolean(i);
            }
        }

        public Column column() { return new Column.Bools(name, values, nulls); }
    }
}
