package dev.sluice.cli;

import dev.sluice.exec.Workspace;
import dev.sluice.meta.RunRow;
import dev.sluice.report.RunReportPage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;

/** {@code sluice report RUN_ID [-o FILE]}: writes a run as one self-contained HTML page. Not thread-safe (one per invocation). */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Writes one self-contained HTML page about a run (viewable offline, no scripts): the DAG coloured"
                + " by status, a step timeline, metrics, check results and each output's lineage.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:written", "1:the file could not be written", "2:no such run, an ambiguous id, or bad usage"})
final class ReportCommand implements Callable<Integer> {
    @ParentCommand
    SluiceCommand parent;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_ID", description = "A run id or a unique prefix of one (see: sluice runs).")
    String runId;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where to write the page (default: report-RUN_ID.html).")
    String output;

    @Override
    public Integer call() {
        parent.prepare();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (Workspace ws = Workspace.open(parent.environment().home())) {
            RunRow run = Inspection.run(ws, runId, spec);
            String html = RunReportPage.render(run, ws.metadata().queries().stepRuns(run.id()));
            String name = output != null ? output : "report-" + run.id() + ".html";
            Path target = parent.environment().resolve(name);
            try {
                write(target, html);
            } catch (IOException | UncheckedIOException e) {
                err.println("sluice report: cannot write " + name + ": " + e.getMessage()
                        + "; check that its folder exists and is writable, or choose another file with -o");
                err.flush();
                return 1;
            }
            out.println("wrote " + name + " (run " + run.id() + " of " + run.pipelineName() + ", " + run.state().label() + ")");
            out.flush();
        }
        return 0;
    }

    /** Writes next to the target, then renames: a reader never sees half a page. */
    private static void write(Path target, String html) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, ".report-", ".tmp");
        try {
            Files.writeString(temp, html, StandardCharsets.UTF_8);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
