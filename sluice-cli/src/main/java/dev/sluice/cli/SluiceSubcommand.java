package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.exec.Workspace;
import dev.sluice.meta.ArtifactRow;
import dev.sluice.meta.RunRow;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What every {@code sluice} subcommand shares: the parent command (global options, the environment), picocli's
 * spec, and how it answers: JSON or text on stdout, usage errors (exit 2) that say what to do, the workspace a
 * command that only reads opens, and the run or artifact an id prefix names ({@link Inspection}). A subcommand
 * implements {@link #execute}; its {@code --json} stays its own option, described with the JSON it prints. Not
 * thread-safe (one per invocation).
 */
abstract class SluiceSubcommand implements Callable<Integer> {
    @ParentCommand
    SluiceCommand parent;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        parent.prepare();
        return execute();
    }

    /** Does the command's work after the global options were applied; returns the exit code. */
    abstract int execute() throws Exception;

    final CliEnvironment environment() {
        return parent.environment();
    }

    final PrintWriter out() {
        return spec.commandLine().getOut();
    }

    final PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** A usage error (exit 2) with this message. */
    final CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /** A usage error unless {@code value}, given with {@code option}, is at least 1. */
    final void requirePositive(String option, int value) {
        if (value < 1) throw usage(option + " " + value + " is not allowed: give at least 1");
    }

    /** The workspace, opened for reading; a usage error (exit 2) saying what to do when there is none. */
    final Workspace existingWorkspace() {
        return Inspection.existing(environment(), spec);
    }

    /** The run with this id or unique id prefix; a usage error (exit 2) when there is none or several. */
    final RunRow run(Workspace ws, String id) {
        return Inspection.run(ws, id, spec);
    }

    /** As {@link #run(Workspace, String)}, in the workspace or server {@code src} reads. */
    final RunRow run(Source src, String id) {
        return Inspection.run(src.queries(), src.where(), id, spec);
    }

    /** The artifact with this id or unique id prefix; a usage error (exit 2) when there is none or several. */
    final ArtifactRow artifact(Workspace ws, String id) {
        return Inspection.artifact(ws, id, spec);
    }

    /** Prints {@code asJson} when {@code json}, else what {@code asText} writes, on stdout. */
    final void print(boolean json, Supplier<? extends JsonNode> asJson, Consumer<PrintWriter> asText) {
        PrintWriter out = out();
        if (json) ProblemReport.printJson(asJson.get(), out);
        else asText.accept(out);
        out.flush();
    }

    /**
     * What a listing prints where nothing was ever recorded (no workspace, no server named): {@code empty} as JSON, or
     * the line that says how to make a workspace. Exit 0: an empty listing is not an error.
     */
    final int nothingRecorded(boolean json, JsonNode empty) {
        print(json, () -> empty, out -> out.println(Inspection.noWorkspace(environment().home())));
        return 0;
    }
}
