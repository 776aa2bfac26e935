/**
 * The pipeline model and its validation, no I/O: {@link dev.sluice.pipeline.PipelineSpec} is what
 * the author wrote (from YAML or the Java builder), {@link dev.sluice.pipeline.Pipeline} the
 * validated DAG of {@link dev.sluice.pipeline.StepNode}s with matrices expanded and parameters typed.
 */
package dev.sluice.pipeline;
