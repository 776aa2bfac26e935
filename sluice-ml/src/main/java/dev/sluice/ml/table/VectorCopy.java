package dev.sluice.ml.table;

import org.duckdb.DuckDBReadableVector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.BitSet;

/**
 * Copies a whole DuckDB vector (up to 2048 rows) of DOUBLE or BIGINT into a Java array in one
 * {@code memcpy}, and its validity mask into a {@link BitSet} 64 rows at a time.
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

    private VectorCopy() {
    }

    /** True when the driver's vector buffers can be read directly. */
    static boolean available() {
        return DATA != null && VALIDITY != null;
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

    /** Sets the null rows of {@code v} (its first {@code n}) in {@code nulls}, shifted by {@code offset}. */
    private static void nulls(DuckDBReadableVector v, int offset, int n, BitSet nulls) {
        ByteBuffer validity = (ByteBuffer) VALIDITY.get(v);
        if (validity == null) return;   // DuckDB leaves the mask out when every row is valid
        ByteBuffer mask = validity.duplicate().order(ByteOrder.nativeOrder());
        for (int word = 0; word * 64 < n; word++) {
            long bits = mask.getLong(word * 8);
            if (bits == -1L) continue;
            int end = Math.min(64, n - word * 64);
            for (int b = 0; b < end; b++) {
                if ((bits & (1L << b)) == 0) nulls.set(offset + word * 64 + b);
            }
        }
    }

    private static VarHandle handle(String field) {
        try {
            return MethodHandles.privateLookupIn(DuckDBReadableVector.class, MethodHandles.lookup())
                    .findVarHandle(DuckDBReadableVector.class, field, ByteBuffer.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("duckdb_jdbc has no readable vector field '{}' ({}); tables are read cell by cell, which is slower",
                    field, e.toString());
            return null;
        }
    }
}
