/**
 * Built-in tabular steps: tables as Parquet artifacts on DuckDB, data checks and profiles, split and
 * preprocess, trainers, evaluation.
 */
package dev.sluice.ml;
