package dev.sluice.cli;

import picocli.CommandLine.Option;

import java.util.Optional;

/**
 * A command that reads what was recorded, locally or from a {@code sluice server} ({@code runs}, {@code show},
 * {@code models}): its {@code --server} option and the {@link Source} it names. Not thread-safe (one per
 * invocation).
 */
abstract class ReadingCommand extends SluiceSubcommand {
    @Option(names = "--server", paramLabel = "URL", description = "Ask this sluice server instead of the local workspace"
            + " (default: $SLUICE_SERVER; token in $SLUICE_TOKEN).")
    String server;

    /** The server when one is named, else the local workspace when there is one (never created here). */
    final Optional<Source> existingSource() {
        return Source.existing(environment(), server, spec);
    }

    /** As {@link #existingSource()}, or a usage error (exit 2) saying there is no workspace. */
    final Source requiredSource() {
        return Source.required(environment(), server, spec);
    }
}
