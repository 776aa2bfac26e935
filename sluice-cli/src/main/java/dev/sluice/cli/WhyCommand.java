package dev.sluice.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.exec.Workspace;
import dev.sluice.meta.MetadataQueries;
import dev.sluice.meta.RunRow;
import dev.sluice.meta.StepRunRow;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code sluice why RUN_ID STEP [--json]}: why a step was or was not taken from the cache in a run. A hit names
 * the step run whose outputs were reused; a miss lists what changed since the most recent earlier step run of
 * the same step (in any run of a pipeline with the same name). Not thread-safe (one per invocation).
 */
@Command(name = "why", mixinStandardHelpOptions = true,
        description = "Explains the cache decision for a step in a run: for a hit, which run it came from; for a miss,"
                + " exactly what changed since the step last ran (parameters, inputs, code, component version, files, env).",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:explained", "2:no such run or step, or bad usage"})
final class WhyCommand implements Callable<Integer> {
    @ParentCommand
    SluiceCommand parent;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_ID", description = "A run id or a unique prefix of one (see: sluice runs).")
    String runId;

    @Parameters(index = "1", paramLabel = "STEP", description = "The step's name in that run, e.g. train or profile[column=age].")
    String step;

    @Option(names = "--json", description = "Print {\"run_id\", \"step\", \"decision\", \"message\", \"source\","
            + " \"compared_with\", \"changes\": [{\"kind\", \"name\", \"before\", \"after\", \"text\"}]} on stdout.")
    boolean json;

    @Override
    public Integer call() {
        parent.prepare();
        PrintWriter out = spec.commandLine().getOut();
        try (Workspace ws = Inspection.existing(parent.environment(), spec)) {
            RunRow run = Inspection.run(ws, runId, spec);
            StepRunRow row = stepRun(ws.metadata().queries(), run);
            CacheExplanation.Explanation e = new CacheExplanation(ws).explain(run, row);
            if (json) ProblemReport.printJson(json(run, row, e), out);
            else printText(run, row, e, out);
        }
        return 0;
    }

    private StepRunRow stepRun(MetadataQueries queries, RunRow run) {
        Optional<StepRunRow> row = queries.stepRun(run.id(), step);
        if (row.isPresent()) return row.get();
        List<String> steps = queries.stepRuns(run.id()).stream().map(StepRunRow::step).distinct().toList();
        String suggestion = dev.sluice.pipeline.Suggestions.didYouMean(step, steps).map(s -> " " + s).orElse("");
        throw new CommandLine.ParameterException(spec.commandLine(), "run " + run.id() + " has no step '" + step + "'."
                + suggestion + " Its steps are: " + String.join(", ", steps) + " (see: sluice show " + run.id() + ")");
    }

    private static void printText(RunRow run, StepRunRow row, CacheExplanation.Explanation e, PrintWriter out) {
        out.println("run " + run.id() + ", step " + row.step() + " (" + row.state().label() + "): " + e.decision().replace('_', ' '));
        out.println(e.message());
        for (CacheDiff.Change c : e.changes()) out.println("  " + c.text());
        out.flush();
    }

    private static ObjectNode json(RunRow run, StepRunRow row, CacheExplanation.Explanation e) {
        ObjectNode root = ProblemReport.JSON.createObjectNode();
        root.put("run_id", run.id());
        root.put("step", row.step());
        root.put("step_run_id", row.id());
        root.put("status", row.state().label());
        root.put("decision", e.decision());
        root.put("message", e.message());
        root.put("cache_key", row.cacheKey().orElse(null));
        root.put("source", e.source().orElse(null));
        root.put("source_run", e.source().map(Inspection::runOf).orElse(null));
        root.put("compared_with", e.comparedWith().orElse(null));
        ArrayNode changes = root.putArray("changes");
        for (CacheDiff.Change c : e.changes()) {
            changes.addObject().put("kind", c.kind()).put("name", c.name()).put("before", c.before())
                    .put("after", c.after()).put("text", c.text());
        }
        return root;
    }

}
