package dev.sluice.ml.table;

import dev.sluice.api.PipelineException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Consumer;

/**
 * Reads Parquet files into {@link Frame}s and writes frames to Parquet, through DuckDB.
 *
 * <p>Types: DOUBLE, FLOAT and DECIMAL become {@link Column.Doubles}; integer types
 * {@link Column.Longs}; BOOLEAN {@link Column.Bools}; everything else (VARCHAR, DATE, TIMESTAMP...)
 * {@link Column.Strings} in DuckDB's text form. Nulls go to the null mask.
 *
 * <p>Reading runs inside DuckDB's parallel scan ({@link ParquetScan}): DuckDB casts every column to one of four
 * types, and a Java function called with each decoded chunk copies it into the arrays, numeric vectors whole
 * ({@link VectorCopy}); the row count comes from the Parquet footer. Writing hands the frame to DuckDB as a table
 * function ({@link FrameSource}) and {@code COPY}s it to a temporary file that is renamed into place.
 *
 * <p>Thread-safe. Reads and {@link #write} share one in-memory database per process ({@link DuckSession#shared()}),
 * each call on its own connection; a {@link Writer} opens its own database.
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
        Optional<Frame> written = WrittenTables.recall(parquet);
        if (written.isPresent()) return schemaOf(written.get());
        try (DuckSession db = DuckSession.shared()) {
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
        Optional<Frame> written = WrittenTables.recall(parquet);
        if (written.isPresent()) {
            Frame frame = written.get();
            Schema schema = schemaOf(frame);
            check.accept(schema);
            if (columns.isEmpty()) return frame;
            return new Frame(columns.stream().map(c -> frame.column(schema.require(c, "table " + parquet).name())).toList());
        }
        try (DuckSession db = DuckSession.shared()) {
            Schema schema = db.describe(source(parquet));
            check.accept(schema);
            List<Schema.Field> fields = columns.isEmpty() ? schema.fields()
                    : columns.stream().map(c -> schema.require(c, "table " + parquet)).toList();
            if (fields.isEmpty()) return new Frame(List.of());
            // the row count is in the file's footer: no scan
            int rows = Math.toIntExact(db.queryLong("SELECT num_rows FROM parquet_file_metadata("
                    + DuckSession.literal(parquet) + ")"));
            return new Frame(List.of(ParquetScan.read(db, parquet, schema, fields, rows)));
        } catch (SQLException e) {
            throw unreadable(parquet, e);
        }
    }

    /**
     * Writes the frame to {@code target} atomically (temporary file, then rename), on all cores, and keeps it in
     * memory for the next reader of that file in this process ({@link WrittenTables}).
     */
    public static void write(Frame frame, Path target) {
        FrameSource.Registered slot = SLOTS.poll();   // a table function no other write is using
        try (DuckSession db = DuckSession.shared()) {
            if (slot == null) slot = FrameSource.registerSlot(db);
            write(db, slot, frame, target);
        } catch (SQLException e) {
            throw new PipelineException("cannot write table " + target + ": " + e.getMessage(), e);
        } finally {
            if (slot != null) SLOTS.push(slot);
        }
        WrittenTables.remember(target, frame);
    }

    /**
     * Keeps a Parquet file this process has just written by other means (DuckDB's {@code COPY}, as the {@code csv}
     * step does) in memory for the next readers of that file, as {@link #write} does for the frames it writes: reads
     * it once, so that each later {@link #read} of it in this process skips decoding it ({@link WrittenTables}).
     * Reads nothing, and returns false, when the table would not fit {@link WrittenTables}' budget, or when a column
     * has a DuckDB type other than DOUBLE, BIGINT, VARCHAR or BOOLEAN (DATE, FLOAT...): a frame kept in memory reports
     * those four ({@link #schemaOf}), so its schema would then differ from the file's. Call it once the file is
     * complete, under its final name.
     */
    public static boolean remember(Path parquet) {
        requireFile(parquet);
        try (DuckSession db = DuckSession.shared()) {
            Schema schema = db.describe(source(parquet));
            if (schema.fields().isEmpty()
                    || !schema.fields().stream().allMatch(f -> f.sqlType().equals(sqlType(f.type())))) return false;
            long rows = db.queryLong("SELECT num_rows FROM parquet_file_metadata(" + DuckSession.literal(parquet) + ")");
            if (rows > Integer.MAX_VALUE || !WrittenTables.fits(schema, rows)) return false;
            WrittenTables.remember(parquet, new Frame(List.of(ParquetScan.read(db, parquet, schema, schema.fields(), (int) rows))));
            return true;
        } catch (SQLException e) {
            throw unreadable(parquet, e);
        }
    }

    /**
     * The frame sources registered on the shared database that no write is using: DuckDB cannot drop a table
     * function, so they are reused, and there are as many as writes ever ran at once.
     */
    private static final Deque<FrameSource.Registered> SLOTS = new ConcurrentLinkedDeque<>();

    /** Writes {@code frame} through {@code slot} (registered on {@code db}'s database), atomically. */
    private static void write(DuckSession db, FrameSource.Registered slot, Frame frame, Path target) throws SQLException {
        if (frame.columns().isEmpty()) {
            db.execute("CREATE OR REPLACE TEMP TABLE empty_frame (\"_empty\" BOOLEAN)");
            db.copyToParquet("SELECT * FROM empty_frame", target);
            return;
        }
        slot.source().frame(frame);
        try {
            db.copyToParquet(slot.sql(), target);
        } finally {
            slot.source().frame(new Frame(List.of()));
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
                if (slot == null) slot = FrameSource.registerSlot(db);
                TableIO.write(db, slot, frame, target);
            } catch (SQLException e) {
                throw new PipelineException("cannot write table " + target + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            db.close();
        }
    }

    /** The schema a frame has once written: each column under the DuckDB type {@link #write} gives it. */
    static Schema schemaOf(Frame frame) {
        return new Schema(frame.columns().stream().map(c -> new Schema.Field(c.name(), c.type(), sqlType(c.type()))).toList());
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

    private static void requireFile(Path parquet) {
        if (!Files.isRegularFile(parquet)) {
            throw new PipelineException("table file " + parquet + " does not exist; check the path or the step that produces it");
        }
    }

    private static PipelineException unreadable(Path parquet, SQLException e) {
        return new PipelineException("cannot read table " + parquet + " as Parquet: " + e.getMessage(), e);
    }
}
