package dev.sluice.cli;

import picocli.CommandLine.Parameters;

/**
 * The picocli mixin of the commands about one run ({@code show}, {@code why}, {@code report}, {@code approve}): their
 * first positional parameter, a run id or a unique prefix of one, resolved with {@link SluiceSubcommand#run}. Not
 * thread-safe (one per invocation).
 */
final class RunIdParameter {
    @Parameters(index = "0", paramLabel = "RUN_ID", description = "A run id or a unique prefix of one (see: sluice runs).")
    String id;
}
