/**
 * Apache Spark as an engine for the work of Sluice steps ({@code --engine spark}, {@code engine: spark}):
 * {@link dev.sluice.spark.SparkEngineProvider} is found through {@link java.util.ServiceLoader}; the local executor
 * stays the driver and hands each step of a component listed in {@link dev.sluice.spark.SparkEngineProvider#COMPONENTS}
 * to {@link dev.sluice.spark.SparkEngine}, which runs it as Spark jobs over the Parquet of the store.
 */
package dev.sluice.spark;
