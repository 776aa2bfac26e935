package dev.sluice.cli;

import dev.sluice.api.PipelineException;
import picocli.CommandLine;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Optional;

/**
 * The entry point of the {@code sluice} command. {@link #run} executes one command line in-process
 * and returns its exit code: 0 success, 1 a run that failed, was blocked or cancelled, 2 bad usage or
 * an invalid pipeline. Each call builds its own command objects, so calls may run concurrently if
 * their environments and writers differ.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        PrintWriter out = writer(System.out);
        PrintWriter err = writer(System.err);
        int code = run(args, CliEnvironment.system(), out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs one command line and returns its exit code; output goes to {@code out} and {@code err}. */
    public static int run(String[] args, CliEnvironment environment, PrintWriter out, PrintWriter err) {
        Optional<RunArguments> plainRun = RunArguments.parse(args);
        if (plainRun.isPresent()) return runWithoutPicocli(plainRun.get(), environment, out, err);
        Optional<String> unknown = SluiceCommand.unknownCommand(args);
        if (unknown.isPresent()) {
            err.println("sluice: unknown command '" + unknown.get() + "'");
            err.println(SluiceCommand.suggestCommand(unknown.get()));
            err.println("Run 'sluice --help' for usage.");
            err.flush();
            return 2;
        }
        SluiceCommand root = new SluiceCommand(environment);
        CommandLine cli = new CommandLine(root);
        SluiceCommand.addSubcommands(cli, args); // before the settings below, which apply to the subcommands added
        cli.setOut(out)
                .setErr(err)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(Main::usageError)
                .setExecutionExceptionHandler((e, cmd, parsed) -> failure(e, cmd, root.verbose));
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** {@code sluice run} for a plain command line (see {@link RunArguments}): the same code, errors and exit codes. */
    private static int runWithoutPicocli(RunArguments args, CliEnvironment environment, PrintWriter out, PrintWriter err) {
        int code;
        try {
            SluiceCommand root = new SluiceCommand(environment, args.verbose());
            root.prepare();
            code = RunCommand.of(args, root).run(out, err);
        } catch (Exception e) {
            code = failure(e, err, args.verbose());
        }
        out.flush();
        err.flush();
        return code;
    }

    /** A usage error: the message, suggestions for typos, and where to find help; exit 2. */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("sluice: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
        err.flush();
        return 2;
    }

    /** An error while a command ran: a user error prints its message only (stack trace with --verbose); exit 1. */
    private static int failure(Exception e, CommandLine cmd, boolean verbose) {
        if (e instanceof CommandLine.ParameterException p) return usageError(p, new String[0]);
        return failure(e, cmd.getErr(), verbose);
    }

    private static int failure(Exception e, PrintWriter err, boolean verbose) {
        if (e instanceof CommandLine.ParameterException p) { // from a command run without picocli's parser
            err.println("sluice: " + p.getMessage());
            err.println("Run 'sluice run --help' for usage.");
            err.flush();
            return 2;
        }
        if (e instanceof dev.sluice.server.client.ServerClient.ApiException a) {
            err.println("sluice: the server answered " + a.status() + " (" + a.code() + "): " + a.getMessage());
            if (verbose) e.printStackTrace(err);
            err.flush();
            return a.status() < 500 ? 2 : 1;
        }
        if (e instanceof dev.sluice.server.client.ServerClient.UnreachableException u) {
            err.println("sluice: " + u.getMessage());
            if (verbose) e.printStackTrace(err);
            err.flush();
            return 1;
        }
        if (e instanceof PipelineException) {
            err.println("sluice: " + e.getMessage());
        } else {
            err.println("sluice: unexpected error: " + e);
            if (!verbose) err.println("Run again with --verbose to see the stack trace, and report it if it persists.");
        }
        if (verbose) e.printStackTrace(err);
        err.flush();
        return 1;
    }

    private static PrintWriter writer(PrintStream stream) {
        return new PrintWriter(new OutputStreamWriter(stream, stream.charset()), true);
    }
}
