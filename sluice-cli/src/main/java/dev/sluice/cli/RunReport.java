package dev.sluice.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.CheckResult;
import dev.sluice.api.RunStatus;
import dev.sluice.api.StepStatus;
import dev.sluice.exec.RunResult;
import dev.sluice.exec.StepResult;

import java.io.PrintWriter;
import java.nio.file.Path;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.pipeline.SweepTrials;
import dev.sluice.pipeline.Template;
import dev.sluice.report.SweepResult;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The end of a run as text for people or as one JSON object for programs. Stateless. */
final class RunReport {
    private RunReport() {
    }

    /**
     * Each failed step's error, failed checks, warnings and log; the failed warn-only checks of the other steps;
     * blocked steps; the run folder; then the status line {@code run 1f3a… succeeded in 1.23s (7 succeeded, 1 cached)}.
     */
    static void printText(RunResult result, PrintWriter out) {
        printText(result, out, null);
    }

    /** As {@link #printText(RunResult, PrintWriter)}, ending a run that did not succeed with the command that resumes it. */
    static void printText(RunResult result, PrintWriter out, String resumeCommand) {
        printText(result, out, resumeCommand, ModelResults.NONE, List.of());
    }

    /**
     * As {@link #printText(RunResult, PrintWriter, String)}, with a line per sweep naming its best trial, and what the
     * run decided about its models (evaluation tables, registered versions) just above the run folder and status line.
     */
    static void printText(RunResult result, PrintWriter out, String resumeCommand, ModelResults models,
                          List<SweepResult> sweeps) {
        out.println();
        for (SweepResult s : sweeps) out.println(sweepLine(s));
        for (StepResult step : result.steps()) {
            if (step.status() != StepStatus.FAILED) continue;
            out.println("step " + step.name() + " failed" + step.error().map(e -> ": " + e).orElse(""));
            for (CheckResult check : step.checks()) {
                if (check.blocks()) out.println("  check " + describe(check));
            }
            for (CheckResult check : step.checks()) {
                if (!check.passed() && !check.blocks()) out.println("  warning: check " + describe(check));
            }
            step.log().ifPresent(log -> out.println("  log: " + log));
        }
        for (StepResult step : result.steps()) {
            if (step.status() == StepStatus.FAILED) continue;
            for (CheckResult check : step.checks()) {
                if (!check.passed()) out.println("warning: step " + step.name() + ": check " + describe(check));
            }
        }
        List<String> blocked = result.steps().stream().filter(s -> s.status() == StepStatus.BLOCKED)
                .map(StepResult::name).toList();
        if (!blocked.isEmpty()) out.println("blocked (not run): " + String.join(", ", blocked));
        models.printText(out);
        if (result.runDir() != null) out.println("run folder: " + result.runDir());
        out.println(statusLine(result));
        if (resumeCommand != null && result.status() != RunStatus.SUCCEEDED) out.println("resume with: " + resumeCommand);
        out.flush();
    }

    static String statusLine(RunResult result) {
        Map<StepStatus, Long> counts = new EnumMap<>(StepStatus.class);
        for (StepResult s : result.steps()) counts.merge(s.status(), 1L, Long::sum);
        String tally = counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().label())
                .collect(Collectors.joining(", "));
        return "run " + result.runId() + " " + result.status().label() + " in " + Elapsed.format(result.duration())
                + (tally.isEmpty() ? "" : " (" + tally + ")");
    }

    /**
     * {@code sweep gbdt (random, 12 trials, seed 7): best gbdt[trial=4], best_logloss = 0.4123 (minimize), eta=0.0347
     * max_depth=5}, or that no trial reported the objective.
     */
    static String sweepLine(SweepResult s) {
        String head = "sweep " + s.step() + " (" + s.method() + ", " + s.trials().size() + " trials, seed " + s.seed() + "): ";
        return head + s.best().map(b -> "best " + b.name() + ", " + s.metric() + " = "
                        + String.format(java.util.Locale.ROOT, "%.4g", b.objective().orElseThrow()) + " (" + s.goal() + ")"
                        + (b.params().isEmpty() ? "" : ", " + b.params().entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "))))
                .orElse("no trial reported " + s.metric())
                + stoppedNote(s);
    }

    /** {@code ; 5 trials stopped by the median rule}, or nothing. */
    private static String stoppedNote(SweepResult s) {
        long n = s.trials().stream().filter(t -> t.status().startsWith("stopped at step")).count();
        return n == 0 ? "" : "; " + n + (n == 1 ? " trial" : " trials") + " stopped by the median rule";
    }

    /**
     * The sweeps of a run just finished, as {@link #sweeps(RunResult, Pipeline)}; a {@code tpe} sweep's trials ran with
     * values proposed during the run, which only its records hold, so they are read from there.
     */
    static List<SweepResult> sweeps(RunResult result, Pipeline pipeline, dev.sluice.exec.Workspace ws) {
        boolean proposed = pipeline.sweeps().values().stream()
                .anyMatch(t -> t.sweep().method() == dev.sluice.pipeline.SweepSpec.Method.TPE);
        if (!proposed) return sweeps(result, pipeline);
        var q = ws.metadata().queries();
        return q.run(result.runId()).map(run -> SweepResult.of(dev.sluice.report.RunView.of(run, q.stepRuns(run.id())),
                q.sweeps(run.id()))).orElseGet(() -> sweeps(result, pipeline));
    }

    /** The sweeps of a run just finished: each trial's status, drawn values and objective, and the best trial. */
    static List<SweepResult> sweeps(RunResult result, Pipeline pipeline) {
        List<SweepResult> out = new ArrayList<>();
        for (SweepTrials t : pipeline.sweeps().values()) {
            List<SweepResult.Trial> trials = new ArrayList<>();
            String metric = t.sweep().objective().metric();
            for (String name : t.trials()) {
                Optional<StepResult> step = result.step(name);
                Map<String, String> params = new LinkedHashMap<>();
                pipeline.step(name).ifPresent(n -> n.matrixValues().forEach((k, v) -> params.put(k, Template.text(v))));
                trials.add(new SweepResult.Trial(name, step.map(s -> SweepResult.status(s.status().label(), s.metrics())).orElse("not run"),
                        step.flatMap(s -> Optional.ofNullable(s.metrics().get(metric))), params));
            }
            out.add(SweepResult.of(t.step(), t.sweep().method().yamlName(), metric,
                    t.sweep().objective().goal().yamlName(), t.sweep().seed(), trials));
        }
        return out;
    }

    /** {@code {"step", "method", "metric", "goal", "seed", "best": {"name", "objective"} or null, "trials": [...]}}. */
    static ObjectNode sweepJson(SweepResult s) {
        ObjectNode node = ProblemReport.JSON.createObjectNode();
        node.put("step", s.step()).put("method", s.method()).put("metric", s.metric()).put("goal", s.goal())
                .put("seed", s.seed());
        if (s.best().isPresent()) {
            node.putObject("best").put("name", s.best().get().name()).put("objective", s.best().get().objective().orElseThrow());
        } else {
            node.putNull("best");
        }
        ArrayNode trials = node.putArray("trials");
        for (SweepResult.Trial t : s.trials()) {
            ObjectNode trial = trials.addObject().put("name", t.name()).put("status", t.status());
            if (t.objective().isPresent()) trial.put("objective", t.objective().get());
            else trial.putNull("objective");
            ObjectNode params = trial.putObject("params");
            t.params().forEach(params::put);
        }
        return node;
    }

    /**
     * {@code auc = 0.71, expected >= 0.8}, {@code auc not reported, expected >= 0.8}, or for a check the step reported
     * {@code age.max = 150, expected <= 120; 3 rows fail, e.g. rows 17, 230, 981}.
     */
    static String describe(CheckResult check) {
        String observed = check.observedText().or(() -> check.observed().map(dev.sluice.pipeline.Template::text))
                .map(v -> "= " + v).orElse("not reported");
        return check.name() + " " + observed + ", expected " + check.expected()
                + (check.details().isEmpty() ? "" : "; " + check.details());
    }

    /** {@code {"run_id","pipeline","status","duration_ms","run_dir","steps":[...]}}. */
    static ObjectNode json(RunResult result) {
        return json(result, ModelResults.NONE, List.of());
    }

    /**
     * As {@link #json(RunResult)}, plus {@code "evaluations"} and {@code "registered"} ({@link ModelResults#addJson})
     * and {@code "sweeps": [...]} ({@link #sweepJson}).
     */
    static ObjectNode json(RunResult result, ModelResults models, List<SweepResult> sweeps) {
        ObjectNode root = ProblemReport.JSON.createObjectNode();
        root.put("run_id", result.runId());
        root.put("pipeline", result.pipeline());
        root.put("status", result.status().label());
        root.put("duration_ms", result.duration().toMillis());
        root.put("run_dir", result.runDir() == null ? null : result.runDir().toString());
        ArrayNode steps = root.putArray("steps");
        for (StepResult s : result.steps()) steps.add(stepJson(s));
        models.addJson(root);
        ArrayNode sweepNodes = root.putArray("sweeps");
        sweeps.forEach(s -> sweepNodes.add(sweepJson(s)));
        return root;
    }

    private static ObjectNode stepJson(StepResult s) {
        ObjectNode node = ProblemReport.JSON.createObjectNode();
        node.put("name", s.name());
        node.put("status", s.status().label());
        node.put("duration_ms", s.duration().toMillis());
        node.put("attempts", s.attempts());
        ObjectNode outputs = node.putObject("outputs");
        s.outputs().forEach((name, value) -> outputs.set(name, ProblemReport.JSON.valueToTree(
                value instanceof Path p ? p.toString() : value)));
        ObjectNode metrics = node.putObject("metrics");
        s.metrics().forEach(metrics::put);
        node.set("checks", Inspection.checks(s.checks()));
        s.error().ifPresent(e -> node.put("error", e));
        s.log().ifPresent(l -> node.put("log", l.toString()));
        return node;
    }

    /** 0 for a run that succeeded, 1 otherwise. */
    static int exitCode(RunResult result) {
        return result.status() == RunStatus.SUCCEEDED ? 0 : 1;
    }
}
