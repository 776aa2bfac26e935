package dev.sluice.cli;

import ch.qos.logback.classic.Level;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The top-level {@code sluice} command: global options and the list of subcommands. Running it
 * without a subcommand is a usage error. Not thread-safe (one per invocation).
 *
 * <p>The subcommands are added by {@link #addSubcommands}, not listed in the annotation: picocli reads the
 * annotations of every subcommand it is given (reflection, annotation proxies, ~170 classes that class-data
 * sharing cannot archive because picocli is compiled for Java 5), so a command line that names one
 * subcommand only gets that one.
 */
@Command(name = "sluice", mixinStandardHelpOptions = true, versionProvider = SluiceCommand.Version.class,
        description = "Machine-learning pipelines on the JVM: run, validate and inspect pipeline files.",
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

    /** A subcommand's name and how to make one. */
    private record Subcommand(String name, Supplier<Object> factory) {}

    /** Every subcommand, in the order {@code sluice --help} lists them. */
    private static final List<Subcommand> SUBCOMMANDS = List.of(
            new Subcommand("validate", ValidateCommand::new), new Subcommand("plan", PlanCommand::new),
            new Subcommand("run", RunCommand::new),
            new Subcommand("components", ComponentsCommand::new),
            new Subcommand("runs", RunsCommand::new), new Subcommand("show", ShowCommand::new),
            new Subcommand("artifacts", ArtifactsCommand::new), new Subcommand("lineage", LineageCommand::new),
            new Subcommand("why", WhyCommand::new), new Subcommand("pin", PinCommand::new), new Subcommand("gc", GcCommand::new),
            new Subcommand("fsck", FsckCommand::new),
            new Subcommand("report", ReportCommand::new), new Subcommand("models", ModelsCommand::new),
            new Subcommand("promote", PromoteCommand::new), new Subcommand("approve", ApproveCommand::new),
            new Subcommand("serve", ServeCommand::new),
            new Subcommand("monitor", MonitorCommand::new), new Subcommand("server", ServerCommand::new),
            new Subcommand("token", TokenCommand::new), new Subcommand("audit", AuditCommand::new),
            new Subcommand("backfill", BackfillCommand::new));

    /**
     * The first word of {@code args} that is not an option (the root's options take no values) when it names no
     * subcommand: an unknown command, which is a usage error whatever options follow it ({@code --help} included).
     */
    static Optional<String> unknownCommand(String[] args) {
        for (String arg : args) {
            if (arg.startsWith("-")) continue;
            return SUBCOMMANDS.stream().anyMatch(s -> s.name().equals(arg)) ? Optional.empty() : Optional.of(arg);
        }
        return Optional.empty();
    }

    /** {@code Did you mean: sluice validate?}, or the list of commands when none is close. */
    static String suggestCommand(String unknown) {
        List<String> names = SUBCOMMANDS.stream().map(Subcommand::name).toList();
        List<String> close = dev.sluice.pipeline.Suggestions.closest(unknown, names);
        if (close.isEmpty()) return "Commands: " + String.join(", ", names) + ".";
        return "Did you mean: " + String.join(" or ", close.stream().map(c -> "sluice " + c).toList()) + "?";
    }

    /**
     * Adds to {@code cli} (built on a {@code SluiceCommand}) the subcommand that {@code args} name with their
     * first word that is not an option (the root's options take no values), or every subcommand when that
     * word names none (help, typos, no command), so help and suggestions list them all.
     */
    static void addSubcommands(CommandLine cli, String[] args) {
        String named = null;
        for (String arg : args) {
            if (!arg.startsWith("-")) {
                named = arg;
                break;
            }
        }
        for (Subcommand s : SUBCOMMANDS) {
            if (s.name().equals(named)) {
                cli.addSubcommand(s.name(), s.factory().get());
                return;
            }
        }
        for (Subcommand s : SUBCOMMANDS) cli.addSubcommand(s.name(), s.factory().get());
    }

    SluiceCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    SluiceCommand(CliEnvironment environment, boolean verbose) {
        this(environment);
        this.verbose = verbose;
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
