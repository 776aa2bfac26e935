package dev.sluice.cli;

import ch.qos.logback.classic.Level;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The top-level {@code sluice} command: global options and the list of subcommands. Running it
 * without a subcommand is a usage error. Not thread-safe (one per invocation).
 */
@Command(name = "sluice", mixinStandardHelpOptions = true, versionProvider = SluiceCommand.Version.class,
        description = "Machine-learning pipelines on the JVM: run, validate and inspect pipeline files.",
        subcommands = {ValidateCommand.class, RunCommand.class, RunsCommand.class, ShowCommand.class,
                ArtifactsCommand.class, LineageCommand.class, WhyCommand.class, GcCommand.class, ReportCommand.class,
                ModelsCommand.class, PromoteCommand.class, ServeCommand.class, MonitorCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:a run failed, was blocked by a check or was cancelled",
                "2:bad usage or an invalid pipeline"})
final class SluiceCommand implements Runnable {
    private final CliEnvironment environment;

    @Spec
    CommandSpec spec;

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Show debug logs and the stack traces of errors.")
    boolean verbose;

    SluiceCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    CliEnvironment environment() {
        return environment;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: try 'sluice run FILE' or 'sluice validate FILE'.");
    }

    /** Applies global options before a subcommand does its work. */
    void prepare() {
        if (verbose && LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(Level.DEBUG);
        }
    }

    /** The version from the jar manifest ({@code Implementation-Version}), or {@code dev} when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = SluiceCommand.class.getPackage().getImplementationVersion();
            return new String[]{"sluice " + (v == null ? "dev" : v) + " (Java " + Runtime.version() + ")"};
        }
    }
}
