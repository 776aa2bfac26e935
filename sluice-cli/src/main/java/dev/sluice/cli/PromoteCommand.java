package dev.sluice.cli;

import dev.sluice.api.ModelNames;
import dev.sluice.api.ModelVersion;
import dev.sluice.meta.MetadataException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;


/**
 * {@code sluice promote NAME VERSION --alias champion}: points an alias at a version. Promoting the previous
 * version again is the rollback. Not thread-safe (one per invocation).
 */
@Command(name = "promote", mixinStandardHelpOptions = true,
        description = "Points an alias (champion by default) at a model version; promote an older version to roll back.")
final class PromoteCommand extends SluiceSubcommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The model's name.")
    String name;

    @Parameters(index = "1", paramLabel = "VERSION", description = "The version number to promote.")
    int version;

    @Option(names = "--alias", defaultValue = "champion", description = "The alias to move (default: ${DEFAULT-VALUE}).")
    String alias;

    @Option(names = "--json", description = "Print the promoted version as JSON on stdout.")
    boolean json;

    @Option(names = "--server", paramLabel = "URL", description = "Promote on this sluice server (an admin token in"
            + " $SLUICE_TOKEN) instead of in the local workspace (default: $SLUICE_SERVER).")
    String server;

    @Override
    int execute() {
        ModelNames.nameProblem(name).or(() -> ModelNames.aliasProblem(alias)).ifPresent(p -> {
            throw usage(p);
        });
        try (Source src = Source.open(environment(), server, spec)) {
            ModelVersion v;
            try {
                v = src.models().alias(name, version, alias);
            } catch (MetadataException e) {
                err().println(e.getMessage());
                err().flush();
                return 2;
            }
            print(json, () -> ModelsCommand.toJson(src, src.view(v)),
                    out -> out.println(name + "@" + alias + " -> version " + v.version() + " (" + v.artifactId() + ")"));
        }
        return 0;
    }
}
