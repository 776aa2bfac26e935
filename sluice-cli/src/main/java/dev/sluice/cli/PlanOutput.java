package dev.sluice.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.exec.PlannedStep;
import dev.sluice.exec.Planner;
import dev.sluice.exec.Workspace;
import dev.sluice.meta.RunRow;
import dev.sluice.meta.StepRunRow;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.pipeline.SweepTrials;
import dev.sluice.pipeline.Template;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A plan ({@link Planner}) for people or programs: each step's decision and reason, what changed since the step's
 * last run (in {@code sluice why}'s words, {@link CacheDiff}), the matrix and sweep instances, and the checks that
 * would be evaluated again. Not thread-safe (one per command).
 */
final class PlanOutput {
    private final Pipeline pipeline;
    private final List<PlannedStep> steps;
    private final Optional<Workspace> workspace;
    private final Map<String, List<CacheDiff.Change>> changes = new HashMap<>();

    PlanOutput(Pipeline pipeline, List<PlannedStep> steps, Optional<Workspace> workspace) {
        this.pipeline = pipeline;
        this.steps = steps;
        this.workspace = workspace;
        steps.forEach(s -> changes.put(s.name(), changes(s)));
    }

    /** What changed since the step run a miss is compared with: pipeline parameters, then the cache key's parts. */
    private List<CacheDiff.Change> changes(PlannedStep s) {
        if (s.reason() != PlannedStep.Reason.CHANGED || s.earlierParts().isEmpty() || s.keyParts().isEmpty()
                || workspace.isEmpty()) {
            return List.of();
        }
        var queries = workspace.get().metadata().queries();
        String earlierId = s.comparedWith().orElseThrow();
        String earlierRun = Inspection.runOf(earlierId);
        Optional<StepRunRow> before = queries.stepRuns(earlierRun).stream().filter(r -> r.id().equals(earlierId)).findFirst();
        Map<String, String> producedBefore = before.map(b -> new CacheExplanation(workspace.get()).producers(earlierRun, b))
                .orElse(Map.of());
        Map<String, String> producedNow = producedInThisPlan();
        List<CacheDiff.Change> out = new ArrayList<>(CacheDiff.pipelineParams(
                Inspection.parse(queries.run(earlierRun).map(RunRow::parametersJson).orElse("{}")),
                Inspection.parse(Planner.parametersJson(pipeline))));
        out.addAll(CacheDiff.parts(Inspection.parse(s.earlierParts().get()), Inspection.parse(s.keyParts().get()),
                id -> producedBefore.getOrDefault(id, "not produced by a step of that run"),
                id -> producedNow.getOrDefault(id, "not produced by a step of this plan")));
        return out;
    }

    /** Artifact id to {@code from STEP.PORT, reused from run R} for the outputs the plan takes from the cache. */
    private Map<String, String> producedInThisPlan() {
        Map<String, String> out = new HashMap<>();
        for (PlannedStep p : steps) {
            p.outputs().forEach((port, id) -> out.putIfAbsent(id, "from " + p.name() + "." + port
                    + p.source().map(src -> ", reused from run " + Inspection.runOf(src)).orElse("")));
        }
        return out;
    }

    void printText(String file, PrintWriter out) {
        out.println("plan of " + pipeline.name() + " (" + file + "): " + steps.size() + " steps, " + tally()
                + workspace.map(ws -> "").orElse("; no workspace yet"));
        List<String[]> rows = new ArrayList<>();
        for (PlannedStep s : steps) {
            String name = s.phase().isFinal() ? s.name() + " (" + s.phase().yamlName() + ")" : s.name();
            rows.add(new String[] {"  " + s.decision().label(), name, s.why()});
        }
        for (String line : table(rows)) out.println(line);
        sweeps(out);
        List<String> checks = rechecked();
        if (!checks.isEmpty()) out.println("checks evaluated again: " + String.join(", ", checks));
        out.println("nothing ran and nothing was recorded; run it with: sluice run " + file);
        out.flush();
    }

    /** The rows as columns, each step's changes indented under it. */
    private List<String> table(List<String[]> rows) {
        int w0 = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        int w1 = rows.stream().mapToInt(r -> r[1].length()).max().orElse(0);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            String[] r = rows.get(i);
            lines.add(String.format("%-" + w0 + "s  %-" + w1 + "s  %s", r[0], r[1], r[2]).stripTrailing());
            for (CacheDiff.Change c : changes.get(steps.get(i).name())) lines.add(" ".repeat(w0 + w1 + 6) + c.text());
        }
        return lines;
    }

    private void sweeps(PrintWriter out) {
        for (SweepTrials t : pipeline.sweeps().values()) {
            out.println("sweep " + t.step() + " (" + t.sweep().method().yamlName() + ", " + t.trials().size() + " trials, seed "
                    + t.sweep().seed() + ", objective " + t.sweep().objective().metric() + " "
                    + t.sweep().objective().goal().yamlName() + "):");
            for (String trial : t.trials()) out.println("  " + trial + " " + values(trial));
        }
    }

    private String values(String instance) {
        return pipeline.step(instance).map(n -> n.matrixValues().entrySet().stream()
                .map(e -> e.getKey() + "=" + Template.text(e.getValue())).collect(Collectors.joining(" "))).orElse("");
    }

    private String tally() {
        Map<PlannedStep.Decision, Long> n = new LinkedHashMap<>();
        for (PlannedStep.Decision d : PlannedStep.Decision.values()) n.put(d, 0L);
        steps.forEach(s -> n.merge(s.decision(), 1L, Long::sum));
        return n.get(PlannedStep.Decision.RUN) + " would run, " + n.get(PlannedStep.Decision.CACHED) + " from the cache, "
                + n.get(PlannedStep.Decision.SKIPPED) + " skipped";
    }

    /** {@code evaluate: auc >= 0.8} for every check of a step that would run. */
    private List<String> rechecked() {
        List<String> out = new ArrayList<>();
        for (PlannedStep s : steps) {
            if (s.decision() == PlannedStep.Decision.RUN) s.checks().forEach(c -> out.add(s.name() + ": " + c));
        }
        return out;
    }

    ObjectNode json(String file) {
        ObjectNode root = ProblemReport.JSON.createObjectNode();
        root.put("pipeline", pipeline.name()).put("file", file);
        root.put("workspace", workspace.map(ws -> ws.home().toString()).orElse(null));
        ObjectNode summary = root.putObject("summary");
        for (PlannedStep.Decision d : PlannedStep.Decision.values()) {
            summary.put(d.label(), steps.stream().filter(s -> s.decision() == d).count());
        }
        ArrayNode list = root.putArray("steps");
        for (PlannedStep s : steps) list.add(stepJson(s));
        ObjectNode instances = root.putObject("instances");
        pipeline.instances().forEach((base, names) -> {
            if (names.size() > 1 || !names.getFirst().equals(base)) names.forEach(instances.putArray(base)::add);
        });
        for (PlannedStep s : steps) { // a foreach step's instances, when the list its source would give is known now
            if (!s.instances().isEmpty()) s.instances().forEach(instances.putArray(s.name())::add);
        }
        ArrayNode sweeps = root.putArray("sweeps");
        for (SweepTrials t : pipeline.sweeps().values()) {
            ObjectNode node = sweeps.addObject().put("step", t.step()).put("method", t.sweep().method().yamlName())
                    .put("seed", t.sweep().seed()).put("metric", t.sweep().objective().metric())
                    .put("goal", t.sweep().objective().goal().yamlName());
            ArrayNode trials = node.putArray("trials");
            Map<String, Map<String, Object>> planned = new java.util.HashMap<>(); // a tpe trial's proposal, when known now
            steps.forEach(s -> planned.put(s.name(), s.values()));
            t.trials().forEach(name -> trials.addObject().put("name", name).set("params", ProblemReport.JSON.valueToTree(
                    planned.getOrDefault(name, pipeline.step(name).orElseThrow().matrixValues()))));
        }
        ArrayNode checks = root.putArray("checks");
        for (PlannedStep s : steps) {
            if (s.decision() == PlannedStep.Decision.RUN) s.checks().forEach(c -> checks.addObject().put("step", s.name()).put("check", c));
        }
        return root;
    }

    private ObjectNode stepJson(PlannedStep s) {
        ObjectNode node = ProblemReport.JSON.createObjectNode();
        node.put("name", s.name()).put("base", s.baseName()).put("decision", s.decision().label())
                .put("reason", s.reason().label()).put("why", s.why()).put("phase", s.phase().yamlName());
        node.set("values", ProblemReport.JSON.valueToTree(s.values()));
        s.upstream().forEach(node.putArray("upstream")::add);
        node.put("source", s.source().orElse(null));
        node.put("source_run", s.source().map(Inspection::runOf).orElse(null));
        node.put("compared_with", s.comparedWith().orElse(null));
        node.put("cache_key", s.cacheKey().orElse(null));
        if (!s.instances().isEmpty()) s.instances().forEach(node.putArray("instances")::add);
        ObjectNode outputs = node.putObject("outputs");
        s.outputs().forEach(outputs::put);
        ArrayNode list = node.putArray("changes");
        for (CacheDiff.Change c : changes.get(s.name())) {
            list.addObject().put("kind", c.kind()).put("name", c.name()).put("before", c.before()).put("after", c.after())
                    .put("text", c.text());
        }
        s.checks().forEach(node.putArray("checks")::add);
        return node;
    }
}
