package dev.sluice.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.CheckResult;
import dev.sluice.meta.OutputRow;
import dev.sluice.meta.RunRow;
import dev.sluice.meta.RunTrigger;
import dev.sluice.meta.StepApproval;
import dev.sluice.meta.StepRunRow;
import dev.sluice.server.api.ApprovalJson;
import dev.sluice.report.SweepResult;
import dev.sluice.report.RunView.StepView;
import dev.sluice.report.RunView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** {@code sluice show RUN_ID [--json]}: one run, step by step. Not thread-safe (one per invocation). */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Shows a run step by step (final attempt of each): status, duration, attempts, where cached"
                + " outputs came from, metrics, checks, outputs, errors and logs.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:shown", "2:no such run, an ambiguous id, or bad usage"})
final class ShowCommand extends ReadingCommand {
    @Mixin
    RunIdParameter runId;

    @Option(names = "--json", description = "Print the run and its steps as one JSON object on stdout.")
    boolean json;

    @Override
    int execute() {
        try (Source src = requiredSource()) {
            RunRow run = run(src, runId.id);
            RunView view = RunView.of(run, src.queries().stepRuns(run.id()));
            Optional<RunTrigger> trigger = src.queries().trigger(run.id());
            List<SweepResult> sweeps = SweepResult.of(view, src.queries().sweeps(run.id()));
            List<StepApproval> approvals = src.approvals(run.id());
            print(json, () -> {
                ObjectNode root = json(view, trigger, sweeps);
                root.set("approvals", ApprovalJson.list(approvals));
                return root;
            }, out -> {
                printText(view, trigger, sweeps, approvals, out);
            });
        }
        return 0;
    }

    private static void printText(RunView v, Optional<RunTrigger> trigger, List<SweepResult> sweeps, List<StepApproval> approvals,
                                  PrintWriter out) {
        RunRow r = v.run();
        out.println("run " + r.id() + " (" + r.pipelineName() + ") " + r.state().label() + ", started "
                + Inspection.time(r.started()) + ", took " + Elapsed.format(java.time.Duration.between(r.started(), v.end()))
                + r.resumedFrom().map(f -> ", resumed from " + f).orElse(""));
        trigger.ifPresent(t -> out.println("started by: " + t.kind() + " (" + t.detail() + ")"
                + t.artifact().map(a -> ", report " + a + " (sluice lineage " + Inspection.shortId(a) + ")").orElse("")));
        out.println("parameters: " + r.parametersJson());
        sweeps.forEach(s -> out.println(RunReport.sweepLine(s)));
        approvals.forEach(a -> out.println("approval: step '" + a.step() + "' " + a.describe()));
        for (StepView s : v.steps()) {
            if (s.last().state() == dev.sluice.api.StepStatus.WAITING) {
                out.println("waiting: step '" + s.name() + "' waits for approval: sluice approve " + r.id() + " " + s.name()
                        + " [--reject] [--comment TEXT]");
            }
        }
        out.println();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"STEP", "STATUS", "DURATION", "ATTEMPTS", "CACHE"});
        for (StepView s : v.steps()) {
            rows.add(new String[] {s.name(), s.last().state().label(), Elapsed.format(s.duration(v.end())),
                    Integer.toString(s.attempts()), s.last().cacheSource().map(c -> "from run " + Inspection.runOf(c)).orElse("")});
        }
        Inspection.table(out, rows);
        for (StepView s : v.steps()) details(s, out);
        out.flush();
    }

    private static void details(StepView s, PrintWriter out) {
        StepRunRow row = s.last();
        List<String> lines = new ArrayList<>();
        // the values a sweep's trial reported step by step (NAME@STEP, for median stopping) are counted, not listed
        Map<String, Double> plain = new TreeMap<>();
        long intermediate = 0;
        for (Map.Entry<String, Double> e : row.metrics().entrySet()) {
            if (dev.sluice.pipeline.MedianStopping.isIntermediate(e.getKey())) intermediate++;
            else plain.put(e.getKey(), e.getValue());
        }
        if (!plain.isEmpty()) lines.add("metrics: " + plain.entrySet().stream()
                .map(e -> e.getKey() + "=" + dev.sluice.pipeline.Template.text(e.getValue())).collect(Collectors.joining(" ")));
        if (intermediate > 0) lines.add("intermediate values: " + intermediate + " (in --json)");
        for (CheckResult c : row.checks()) lines.add("check " + check(c));
        if (!row.outputs().isEmpty()) lines.add("outputs: " + row.outputs().stream()
                .map(o -> port(o) + "=" + Inspection.shortId(o.artifactId())).collect(Collectors.joining(" ")));
        row.cacheSource().ifPresent(c -> lines.add("cached from: " + c));
        row.error().ifPresent(e -> lines.add("error: " + e));
        row.logLocation().ifPresent(l -> lines.add("log: " + l));
        if (lines.isEmpty()) return;
        out.println();
        out.println(s.name());
        lines.forEach(l -> out.println("  " + l));
    }

    /**
     * {@code lines = 5, expected >= 4: passed}, or for a check the step reported, with its details:
     * {@code age.max = 150, expected <= 120: FAILED; 3 rows fail, e.g. rows 17, 230, 981} (WARNING when it only warns).
     */
    static String check(CheckResult c) {
        String observed = c.observedText().or(() -> c.observed().map(dev.sluice.pipeline.Template::text))
                .map(o -> "= " + o).orElse("not reported");
        String result = c.passed() ? "passed" : c.severity() == dev.sluice.api.Check.Severity.WARN ? "WARNING" : "FAILED";
        return c.name() + " " + observed + ", expected " + c.expected() + ": " + result
                + (c.details().isEmpty() ? "" : "; " + c.details());
    }

    private static String port(OutputRow o) {
        return o.position() == 0 ? o.port() : o.port() + "[" + o.position() + "]";
    }

    static ObjectNode json(RunView v, Optional<RunTrigger> trigger, List<SweepResult> sweeps) {
        ObjectNode root = RunsCommand.runJson(v, trigger);
        root.set("parameters", Inspection.parse(v.run().parametersJson()));
        ArrayNode sweepNodes = root.putArray("sweeps");
        sweeps.forEach(s -> sweepNodes.add(RunReport.sweepJson(s)));
        ArrayNode steps = root.putArray("step_runs");
        for (StepView s : v.steps()) steps.add(stepJson(s, v));
        return root;
    }

    private static ObjectNode stepJson(StepView s, RunView v) {
        StepRunRow row = s.last();
        ObjectNode node = ProblemReport.JSON.createObjectNode();
        node.put("name", s.name());
        node.put("step_run_id", row.id());
        node.put("status", row.state().label());
        node.put("duration_ms", s.duration(v.end()).toMillis());
        node.put("attempts", s.attempts());
        node.put("cache_source_run", row.cacheSource().map(Inspection::runOf).orElse(null));
        node.put("cache_source", row.cacheSource().orElse(null));
        node.set("params", Inspection.params(row));
        ObjectNode metrics = node.putObject("metrics");
        new TreeMap<>(row.metrics()).forEach(metrics::put);
        node.set("checks", Inspection.checks(row.checks()));
        ObjectNode outputs = node.putObject("outputs");
        for (OutputRow o : row.outputs()) outputs.put(port(o), o.artifactId());
        ArrayNode inputs = node.putArray("inputs");
        for (RunView.InputRef in : s.inputs()) {
            inputs.addObject().put("port", in.port()).put("artifact", in.artifactId())
                    .put("producer", in.producer().orElse(null));
        }
        node.put("error", row.error().orElse(null));
        node.put("log", row.logLocation().orElse(null));
        return node;
    }

}
