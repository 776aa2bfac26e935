/**
 * Tables in memory, column by column in primitive arrays ({@link dev.sluice.ml.table.Frame}), and
 * their Parquet form on disk (the {@code table} artifacts that flow between steps).
 */
package dev.sluice.ml.table;
