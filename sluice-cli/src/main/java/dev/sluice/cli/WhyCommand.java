package dev.sluice.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.exec.Workspace;
import dev.sluice.meta.MetadataQueries;
import dev.sluice.meta.RunRow;
import dev.sluice.meta.StepRunRow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;

/**
 * {@code sluice why RUN_ID STEP [--json]}: why a step was or was not taken from the cache in a run. A hit names
 * the step run whose outputs were reused; a miss lists what changed since the most recent earlier step run of
 * the same step (in any run of a pipeline with the same name). Not thread-safe (one per invocation).
 */
@Command(name = "why", mixinStandardHelpOptions = true,
        description = "Explains the cache decision for a step in a run: for a hit, which run it came from; for a miss,"
                + " exactly what changed since the step last ran (parameters, inputs, code, component version, files, env).",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:explained", "2:no such run or step, or bad usage"})
final class WhyCommand extends SluiceSubcommand {
    @Mixin
    RunIdParameter runId;

    @Parameters(index = "1", paramLabel = "STEP", description = "The step's name in that run, e.g. train or profile[column=age].")
    String step;

    @Option(names = "--json", description = "Print {\"run_id\", \"step\", \"decision\", \"message\", \"source\","
            + " \"compared_with\", \"changes\": [{\"kind\", \"name\", \"before\", \"after\", \"text\"}]} on stdout.")
    boolean json;

    @Override
    int execute() {
        try (Workspace ws = existingWorkspace()) {
            RunRow run = run(ws, runId.id);
            StepRunRow row = stepRun(ws.metadata().queries(), run);
            CacheExplanation.Explanation e = new CacheExplanation(ws).explain(run, row);
            print(json, () -> json(run, row, e), out -> printText(run, row, e, out));
        }
        return 0;
    }

    private StepRunRow stepRun(MetadataQueries queries, RunRow run) {
        Optional<StepRunRow> row = queries.stepRun(run.id(), step);
        if (row.isPresent()) return row.get();
        List<String> steps = queries.stepRuns(run.id()).stream().map(StepRunRow::step).distinct().toList();
        String suggestion = dev.sluice.pipeline.Suggestions.didYouMean(step, steps).map(s -> " " + s).orElse("");
        throw usage("run " + run.id() + " has no step '" + step + "'."
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
