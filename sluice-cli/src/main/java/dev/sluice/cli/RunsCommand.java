package dev.sluice.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.meta.MetadataQueries;
import dev.sluice.meta.RunRow;
import dev.sluice.meta.RunTrigger;
import dev.sluice.report.RunView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code sluice runs [--limit N] [--json] [--server URL]}: the recorded runs, newest first. Not thread-safe (one per invocation). */
@Command(name = "runs", mixinStandardHelpOptions = true,
        description = "Lists the recorded runs, newest first: id, pipeline, status, start, duration and step counts.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:listed", "2:bad usage"})
final class RunsCommand extends ReadingCommand {
    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "Show at most N runs (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print {\"runs\": [{\"run_id\", \"pipeline\", \"status\", \"started\", \"ended\","
            + " \"duration_ms\", \"resumed_from\", \"trigger\", \"steps\": {status: count}}]} on stdout.")
    boolean json;

    @Override
    int execute() {
        requirePositive("--limit", limit);
        Optional<Source> existing = existingSource();
        if (existing.isEmpty()) return nothingRecorded(json, json(List.of(), null));
        try (Source src = existing.get()) {
            List<RunView> views = new ArrayList<>();
            for (RunRow r : src.queries().runs(limit)) views.add(RunView.of(r, src.queries().stepRuns(r.id())));
            print(json, () -> json(views, src.queries()), out -> printText(views, out, src.where()));
        }
        return 0;
    }

    private static void printText(List<RunView> views, PrintWriter out, String where) {
        Inspection.listing(out, "no runs in " + where + " yet; start one with: sluice run FILE",
                new String[] {"RUN", "PIPELINE", "STATUS", "STARTED", "DURATION", "STEPS"}, views, v -> {
                    RunRow r = v.run();
                    return new String[] {r.id(), r.pipelineName(), r.state().label(), Inspection.time(r.started()),
                            Elapsed.format(java.time.Duration.between(r.started(), v.end())), Inspection.tally(Inspection.counts(v))};
                });
        out.flush();
    }

    static ObjectNode json(List<RunView> views, MetadataQueries queries) {
        ObjectNode root = ProblemReport.JSON.createObjectNode();
        ArrayNode runs = root.putArray("runs");
        for (RunView v : views) runs.add(runJson(v, queries.trigger(v.run().id())));
        return root;
    }

    /**
     * The fields a run has in {@code runs --json} and {@code show --json}; {@code trigger} is
     * {@code {"kind", "artifact", "detail"}} for a run started by a drift alarm, else null.
     */
    static ObjectNode runJson(RunView v, Optional<RunTrigger> trigger) {
        RunRow r = v.run();
        ObjectNode node = ProblemReport.JSON.createObjectNode();
        node.put("run_id", r.id());
        node.put("pipeline", r.pipelineName());
        node.put("status", r.state().label());
        node.put("started", r.started().toString());
        node.put("ended", r.ended().map(Object::toString).orElse(null));
        node.put("duration_ms", java.time.Duration.between(r.started(), v.end()).toMillis());
        node.put("resumed_from", r.resumedFrom().orElse(null));
        if (trigger.isEmpty()) {
            node.putNull("trigger");
        } else {
            ObjectNode t = node.putObject("trigger");
            t.put("kind", trigger.get().kind());
            t.put("artifact", trigger.get().artifact().orElse(null));
            t.put("detail", trigger.get().detail());
        }
        ObjectNode counts = node.putObject("steps");
        Inspection.counts(v).forEach(counts::put);
        return node;
    }
}
