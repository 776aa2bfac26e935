package dev.sluice.cli;

import dev.sluice.exec.Workspace;
import dev.sluice.meta.RunRow;
import dev.sluice.report.OutputFile;
import dev.sluice.report.OutputFileException;
import dev.sluice.report.RunReportPage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** {@code sluice report RUN_ID [-o FILE]}: writes a run as one self-contained HTML page. Not thread-safe (one per invocation). */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Writes one self-contained HTML page about a run (viewable offline, no scripts): the DAG coloured"
                + " by status, a step timeline, metrics, check results and each output's lineage.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:written", "1:the file could not be written (a full disk, no permission)",
                "2:no such run, an ambiguous id, a folder or a missing folder given as FILE, or bad usage"})
final class ReportCommand extends SluiceSubcommand {
    @Mixin
    RunIdParameter runId;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where to write the page (default:"
            + " report-RUN_ID.html). A file is replaced atomically and keeps its permissions; a symbolic link stays and"
            + " its target is replaced; a device or pipe (/dev/stdout) is written into.")
    String output;

    @Override
    int execute() {
        PrintWriter out = out();
        PrintWriter err = err();
        try (Workspace ws = existingWorkspace()) {
            RunRow run = run(ws, runId.id);
            String html = RunReportPage.render(run, ws.metadata().queries().stepRuns(run.id()),
                    ws.metadata().queries().sweeps(run.id()), ws.metadata().queries().finalSteps(run.id()));
            String name = output != null ? output : "report-" + run.id() + ".html";
            Path target = environment().resolve(name);
            OutputFile.Written how;
            try {
                how = OutputFile.write(target, o -> o.write(html.getBytes(StandardCharsets.UTF_8)));
            } catch (OutputFileException e) {
                err.println("sluice report: cannot write " + name + ": " + e.getMessage()
                        + ", or choose another file with -o");
                err.flush();
                return e.badPath() ? 2 : 1;
            }
            // written into a device or pipe (perhaps this very stdout): the note goes to stderr, the page stays alone
            PrintWriter note = how == OutputFile.Written.STREAMED ? err : out;
            note.println("wrote " + name + " (run " + run.id() + " of " + run.pipelineName() + ", "
                    + run.state().label() + ")");
            note.flush();
        }
        return 0;
    }
}
