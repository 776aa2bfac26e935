package dev.sluice.ml.table;

import org.duckdb.DuckDBReadableVector;
import org.duckdb.DuckDBWritableVector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.BitSet;

/**
 * Copies a whole DuckDB vector (up to 2048 rows) of DOUBLE or BIGINT into a Java array in one
 * {@code memcpy}, and its validity mask into a {@link BitSet} 64 rows at a time; and the other way,
 * a slice of a Java array into an output vector ({@link FrameSource}).
 *
 * <p>The JDBC driver (duckdb_jdbc 2.0) exposes vectors only cell by cell; each {@code getDouble(i)}
 * checks the type, the row index and the null mask, which costs more than DuckDB's whole Parquet
 * decode on wide tables. The vector already holds its values in a native {@link ByteBuffer} (DuckDB's
 * own vector memory, native byte order) and its validity bits in another; this class reads those two
 * buffers directly. They are private fields of {@link DuckDBReadableVector}, so the access is looked
 * up once, and when a later driver renames them {@link #available()} turns false and callers use the
 * per-cell getters instead (slower, same result); {@code TableIOTest} fails then, so an upgrade
 * cannot lose the fast path unnoticed.
 */
final class VectorCopy {
    private static final Logger LOG = LoggerFactory.getLogger(VectorCopy.class);
    private static final VarHandle DATA = handle("data");
    private static final VarHandle VALIDITY = handle("validity");
    private static final VarHandle WRITE_DATA = handle(DuckDBWritableVector.class, "data");
    private static final VarHandle WRITE_VALIDITY = handle(DuckDBWritableVector.class, "validity");

    private VectorCopy() {
    }

    /** True when the driver's vector buffers can be read directly. */
    static boolean available() {
        return DATA != null && VALIDITY != null;
    }

    /** True when the driver's output vector buffers can be written directly. */
    static boolean writable() {
        return WRITE_DATA != null && WRITE_VALIDITY != null;
    }

    /** Writes {@code values[from, from + n)} into the output vector {@code v} in one copy (nulls are set by the caller). */
    static void putDoubles(DuckDBWritableVector v, double[] values, int from, int n) {
        ByteBuffer data = ((ByteBuffer) WRITE_DATA.get(v)).duplicate().order(ByteOrder.nativeOrder());
        data.asDoubleBuffer().put(0, values, from, n);
        allValid(v, n);
    }

    /** Writes {@code values[from, from + n)} into the output vector {@code v} in one copy (nulls are set by the caller). */
    static void putLongs(DuckDBWritableVector v, long[] values, int from, int n) {
        ByteBuffer data = ((ByteBuffer) WRITE_DATA.get(v)).duplicate().order(ByteOrder.nativeOrder());
        data.asLongBuffer().put(0, values, from, n);
        allValid(v, n);
    }

    /** Marks the first {@code n} rows of an output vector valid (the per-cell setters do it row by row). */
    private static void allValid(DuckDBWritableVector v, int n) {
        ByteBuffer mask = ((ByteBuffer) WRITE_VALIDITY.get(v)).duplicate().order(ByteOrder.nativeOrder());
        for (int word = 0; word * 64 < n; word++) {
            int rows = Math.min(64, n - word * 64);
            long bits = rows == 64 ? -1L : (1L << rows) - 1;
            mask.putLong(word * 8, mask.getLong(word * 8) | bits);
        }
    }

    /** Copies {@code n} doubles of {@code v} into {@code out[offset..]}; null rows are set in {@code nulls} (their values are undefined). */
    static void doubles(DuckDBReadableVector v, double[] out, int offset, int n, BitSet nulls) {
        ByteBuffer data = ((ByteBuffer) DATA.get(v)).duplicate().order(ByteOrder.nativeOrder());
        data.asDoubleBuffer().get(0, out, offset, n);
        nulls(v, offset, n, nulls);
    }

    /** Copies {@code n} longs of {@code v} into {@code out[offset..]}; null rows are set in {@code nulls}. */
    static void longs(DuckDBReadableVector v, long[] out, int offset, int n, BitSet nulls) {
        ByteBuffer data = ((ByteBuffer) DATA.get(v)).duplicate().order(ByteOrder.nativeOrder());
        data.asLongBuffer().get(0, out, offset, n);
        nulls(v, offset, n, nulls);
    }

    /**
     * Sets the null rows of {@code v} (its first {@code n}) in {@code nulls}, shifted by {@code offset}. Several
     * threads may fill one column ({@link ParquetScan}), so bits are set holding the mask's lock.
     */
    private static void nulls(DuckDBReadableVector v, int offset, int n, BitSet nulls) {
        ByteBuffer validity = (ByteBuffer) VALIDITY.get(v);
        if (validity == null) return;   // DuckDB leaves the mask out when every row is valid
        ByteBuffer mask = validity.duplicate().order(ByteOrder.nativeOrder());
        for (int word = 0; word * 64 < n; word++) {
            long bits = mask.getLong(word * 8);
            if (bits == -1L) continue;
            int end = Math.min(64, n - word * 64);
            synchronized (nulls) {
                for (int b = 0; b < end; b++) {
                    if ((bits & (1L << b)) == 0) nulls.set(offset + word * 64 + b);
                }
            }
        }
    }

    private static VarHandle handle(String field) {
        return handle(DuckDBReadableVector.class, field);
    }

    private static VarHandle handle(Class<?> type, String field) {
        try {
            return MethodHandles.privateLookupIn(type, MethodHandles.lookup())
                    .findVarHandle(type, field, ByteBuffer.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("duckdb_jdbc's {} has no field '{}' ({}); tables are copied cell by cell, which is slower",
                    type.getSimpleName(), field, e.toString());
            return null;
        }
    }
}
