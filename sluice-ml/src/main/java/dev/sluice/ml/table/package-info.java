/**
 * Tables in memory, column by column in primitive arrays ({@link dev.sluice.ml.table.Frame}), and
 * their Parquet form on disk (the {@code table} artifacts that flow between steps):
 * {@link dev.sluice.ml.table.TableIO} reads and writes them, {@link dev.sluice.ml.table.Schema}
 * describes them without loading, and {@link dev.sluice.ml.table.DuckSession} is the in-process
 * DuckDB database a step runs its SQL in.
 */
package dev.sluice.ml.table;
