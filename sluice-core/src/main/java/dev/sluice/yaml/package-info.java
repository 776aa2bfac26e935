/** YAML pipeline files to {@link dev.sluice.pipeline.PipelineSpec}, keeping the line and column of every node. */
package dev.sluice.yaml;
