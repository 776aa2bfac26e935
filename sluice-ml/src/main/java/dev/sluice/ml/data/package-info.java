/**
 * Table components: sources ({@code csv}, {@code parquet}, {@code jdbc}) and transforms
 * ({@code sql}, {@code split}). Every table they produce is one Parquet file, written atomically.
 */
package dev.sluice.ml.data;
