package dev.sluice.ml.table;

import org.duckdb.DuckDBColumnType;
import org.duckdb.DuckDBDataChunkWriter;
import org.duckdb.DuckDBFunctions;
import org.duckdb.DuckDBTableFunction;
import org.duckdb.DuckDBTableFunctionBindInfo;
import org.duckdb.DuckDBTableFunctionCallInfo;
import org.duckdb.DuckDBTableFunctionInitInfo;
import org.duckdb.DuckDBWritableVector;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.BitSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.UUID;

/**
 * A {@link Frame} as a DuckDB table function, so that DuckDB pulls it vector by vector (2048 rows
 * a call) straight from the column arrays: {@code COPY (SELECT * FROM name()) TO ...} writes Parquet
 * without a per-cell appender call (the appender costs about 0.45 µs a cell: 13 s for 1M x 29).
 * Numeric vectors are filled in one copy ({@link VectorCopy}), text vectors with one batch call each. One producer
 * thread. Registered once per connection under a fresh name and pointed at each frame in turn between queries
 * ({@link #frame(Frame)}; see {@link TableIO.Writer}): DuckDB cannot drop a table function, so a long-lived
 * connection must not register one per frame.
 */
final class FrameSource implements DuckDBTableFunction<Frame, int[], Object> {
    /** Distinct strings whose UTF-8 bytes are kept; past it the cache starts again (free text, ids). */
    private static final int MAX_CACHED_STRINGS = 4_096;

    private volatile Frame frame;
    /**
     * UTF-8 bytes by string instance, so that a repeated instance (a category the prediction log shares between rows)
     * is encoded once: the driver's own {@code setStrings} encodes char by char, and that was 40% of the log
     * writer's time. Only the one thread DuckDB calls {@link #apply} on uses it.
     */
    private final IdentityHashMap<String, byte[]> utf8 = new IdentityHashMap<>();

    private FrameSource(Frame frame) {
        this.frame = frame;
    }

    /** Registers a source with no frame yet on {@code db}; returns it and the SQL that selects its current frame. */
    static Registered registerSlot(DuckSession db) throws SQLException {
        FrameSource source = new FrameSource(new Frame(List.of()));
        String name = "sluice_frame_" + UUID.randomUUID().toString().replace("-", "");
        DuckDBFunctions.tableFunction().withName(name).withFunction(source).register(db.connection());
        return new Registered(source, "SELECT * FROM " + name + "()");
    }

    record Registered(FrameSource source, String sql) {}

    /** The frame the next query reads. */
    void frame(Frame next) {
        this.frame = next;
    }

    @Override
    public Frame bind(DuckDBTableFunctionBindInfo info) {
        for (Column c : frame.columns()) info.addResultColumn(c.name(), duckType(c.type()));
        info.setCardinality(frame.rows(), true);
        return frame;
    }

    @Override
    public int[] init(DuckDBTableFunctionInitInfo info) {
        info.setMaxThreads(1);
        return new int[1];   // the next row to hand over
    }

    @Override
    public long apply(DuckDBTableFunctionCallInfo info, DuckDBDataChunkWriter out) {
        int[] next = info.getInitData();
        int from = next[0];
        int n = (int) Math.min(out.capacity(), frame.rows() - (long) from);
        if (n <= 0) return 0;
        List<Column> columns = frame.columns();
        for (int c = 0; c < columns.size(); c++) fill(columns.get(c), out.vector(c), from, n);
        next[0] = from + n;
        return n;
    }

    private void fill(Column column, DuckDBWritableVector v, int from, int n) {
        switch (column) {
            case Column.Doubles d -> {
                double[] values = d.values();
                if (VectorCopy.writable()) {
                    VectorCopy.putDoubles(v, values, from, n);
                    setNulls(v, d.nulls(), from, n);
                    return;
                }
                for (int i = 0; i < n; i++) {
                    if (d.nulls().get(from + i)) v.setNull(i);
                    else v.setDouble(i, values[from + i]);
                }
            }
            case Column.Longs l -> {
                long[] values = l.values();
                if (VectorCopy.writable()) {
                    VectorCopy.putLongs(v, values, from, n);
                    setNulls(v, l.nulls(), from, n);
                    return;
                }
                for (int i = 0; i < n; i++) {
                    if (l.nulls().get(from + i)) v.setNull(i);
                    else v.setLong(i, values[from + i]);
                }
            }
            case Column.Bools b -> {
                boolean[] values = b.values();
                for (int i = 0; i < n; i++) {
                    if (b.nulls().get(from + i)) v.setNull(i);
                    else v.setBoolean(i, values[from + i]);
                }
            }
            case Column.Strings s -> {
                String[] slice = Arrays.copyOfRange(s.values(), from, from + n);
                boolean anyNull = false;
                for (String x : slice) anyNull |= x == null;
                if (!anyNull) {
                    byte[][] bytes = new byte[n][];
                    for (int i = 0; i < n; i++) bytes[i] = utf8(slice[i]);
                    v.setStringUtf8Batch(0, bytes);
                    return;
                }
                for (int i = 0; i < n; i++) {
                    if (slice[i] == null) v.setNull(i);
                    else v.setString(i, slice[i]);
                }
            }
        }
    }

    private byte[] utf8(String s) {
        byte[] b = utf8.get(s);
        if (b == null) {
            b = s.getBytes(StandardCharsets.UTF_8);
            if (utf8.size() >= MAX_CACHED_STRINGS) utf8.clear();
            utf8.put(s, b);
        }
        return b;
    }

    private static void setNulls(DuckDBWritableVector v, BitSet nulls, int from, int n) {
        for (int i = nulls.nextSetBit(from); i >= 0 && i < from + n; i = nulls.nextSetBit(i + 1)) v.setNull(i - from);
    }

    /** The DuckDB type a column of {@code type} is handed over as (and read back from, {@link ParquetScan}). */
    static DuckDBColumnType duckType(ColumnType type) {
        return switch (type) {
            case DOUBLE -> DuckDBColumnType.DOUBLE;
            case LONG -> DuckDBColumnType.BIGINT;
            case STRING -> DuckDBColumnType.VARCHAR;
            case BOOL -> DuckDBColumnType.BOOLEAN;
        };
    }
}
