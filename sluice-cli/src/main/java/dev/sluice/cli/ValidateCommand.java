package dev.sluice.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.DefinitionException;
import dev.sluice.exec.EngineChoice;
import dev.sluice.pipeline.Pipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/** {@code sluice validate FILE [--json]}: checks a pipeline file without running it. Not thread-safe. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Checks a pipeline file without running it; prints every problem as FILE:LINE:COL: message.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the file is valid", "2:the file has problems, or bad usage"})
final class ValidateCommand extends PipelineFileCommand {
    @Option(names = "--json", description = "Print {\"file\", \"valid\", \"problems\": [...]} on stdout.")
    boolean json;

    @Override
    int execute() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Pipeline pipeline = new PipelineLoading().load(parent.environment().resolve(file), file, Map.of());
            EngineChoice.check(pipeline);   // as run does before it starts: engine: on a step its engine cannot run
            if (json) {
                ObjectNode node = ProblemReport.json(file, List.of());
                node.put("steps", pipeline.steps().size());
                pipeline.inputs().keySet().forEach(node.putArray("inputs")::add);
                ProblemReport.printJson(node, out);
            } else {
                out.println(file + ": ok (" + pipeline.steps().size() + " steps)" + (pipeline.inputs().isEmpty() ? ""
                        : "; it takes inputs (" + String.join(", ", pipeline.inputs().keySet()) + "), so it runs as a step"
                        + " of another pipeline (uses: pipeline:FILE)"));
                out.flush();
            }
            return 0;
        } catch (DefinitionException e) {
            return ProblemReport.refuse(e, file, json, out, err);
        }
    }
}
