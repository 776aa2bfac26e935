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
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The end of a run as text for people or as one JSON object for programs. Stateless. */
final class RunReport {
    private RunReport() {
    }

    /**
     * Each failed step's error, failed checks and log; blocked steps; the run folder; then the status line
     * {@code run 1f3a… succeeded in 1.23s (7 succeeded, 1 cached)}.
     */
    static void printText(RunResult result, PrintWriter out) {
        printText(result, out, null);
    }

    /** As {@link #printText(RunResult, PrintWriter)}, ending a run that did not succeed with the command that resumes it. */
    static void printText(RunResult result, PrintWriter out, String resumeCommand) {
        printText(result, out, resumeCommand, ModelResults.NONE);
    }

    /**
     * As {@link #printText(RunResult, PrintWriter, String)}, with what the run decided about its models (evaluation
     * tables, registered versions) just above the run folder and status line.
     */
    static void printText(RunResult result, PrintWriter out, String resumeCommand, ModelResults models) {
        out.println();
        for (StepResult step : result.steps()) {
            if (step.status() != StepStatus.FAILED) continue;
            out.println("step " + step.name() + " failed" + step.error().map(e -> ": " + e).orElse(""));
            for (CheckResult check : step.checks()) {
                if (!check.passed()) out.println("  check " + describe(check));
            }
            step.log().ifPresent(log -> out.println("  log: " + log));
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
        return "run " + result.runId() + " " + result.status().label() + " in " + Durations.format(result.duration())
                + (tally.isEmpty() ? "" : " (" + tally + ")");
    }

    /** {@code auc = 0.71, expected >= 0.8} or {@code auc not reported, expected >= 0.8}. */
    static String describe(CheckResult check) {
        String observed = check.observed().map(v -> "= " + dev.sluice.pipeline.Template.text(v))
                .orElse("not reported");
        return check.name() + " " + observed + ", expected " + check.expected();
    }

    /** {@code {"run_id","pipeline","status","duration_ms","run_dir","steps":[...]}}. */
    static ObjectNode json(RunResult result) {
        return json(result, ModelResults.NONE);
    }

    /** As {@link #json(RunResult)}, plus {@code "evaluations"} and {@code "registered"} ({@link ModelResults#addJson}). */
    static ObjectNode json(RunResult result, ModelResults models) {
        ObjectNode root = ProblemReport.JSON.createObjectNode();
        root.put("run_id", result.runId());
        root.put("pipeline", result.pipeline());
        root.put("status", result.status().label());
        root.put("duration_ms", result.duration().toMillis());
        root.put("run_dir", result.runDir() == null ? null : result.runDir().toString());
        ArrayNode steps = root.putArray("steps");
        for (StepResult s : result.steps()) steps.add(stepJson(s));
        models.addJson(root);
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
        ArrayNode checks = node.putArray("checks");
        for (CheckResult c : s.checks()) {
            ObjectNode check = checks.addObject();
            check.put("name", c.name());
            check.put("passed", c.passed());
            if (c.observed().isPresent()) check.put("observed", c.observed().get());
            else check.putNull("observed");
            check.put("expected", c.expected());
        }
        s.error().ifPresent(e -> node.put("error", e));
        s.log().ifPresent(l -> node.put("log", l.toString()));
        return node;
    }

    /** 0 for a run that succeeded, 1 otherwise. */
    static int exitCode(RunResult result) {
        return result.status() == RunStatus.SUCCEEDED ? 0 : 1;
    }
}
