package dev.sluice.ml.model;

import dev.sluice.ml.table.Frame;

import java.io.IOException;
import java.nio.file.Path;

/**
 * How model components read and write {@code table} artifacts (Parquet files; CSV is also read, for
 * tests and small inputs). A seam: the default implementation talks to DuckDB directly and will be
 * replaced by the shared table I/O of {@code dev.sluice.ml.table}. Implementations are thread-safe.
 */
public interface TableReader {
    /** Reads a whole table; fails naming the column when a column has a type a {@link Frame} cannot hold. */
    Frame read(Path file) throws IOException;

    /** Writes {@code frame} to {@code file} as Parquet, replacing it. */
    void write(Frame frame, Path file) throws IOException;

    /** The default implementation (DuckDB, in memory). */
    static TableReader duckdb() {
        return new DuckTables();
    }
}
