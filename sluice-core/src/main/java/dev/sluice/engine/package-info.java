/**
 * Other engines for the work of a step: a {@link dev.sluice.engine.StepEngineProvider} found through
 * {@link java.util.ServiceLoader} (sluice-spark's, for Apache Spark) runs the steps of the components it names, while the
 * local executor stays the driver (planning, cache, metadata and lineage do not change). Core depends on no engine.
 */
package dev.sluice.engine;
