package dev.sluice.cli;

import picocli.CommandLine.Parameters;

/**
 * A command that reads a pipeline file ({@code validate}, {@code plan}, {@code run}): its first positional parameter.
 * Not thread-safe (one per invocation).
 */
abstract class PipelineFileCommand extends SluiceSubcommand {
    @Parameters(index = "0", paramLabel = "FILE", description = "The pipeline file, e.g. examples/hello/pipeline.yaml.")
    String file;
}
