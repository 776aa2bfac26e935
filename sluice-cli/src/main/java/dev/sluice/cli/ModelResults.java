package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.CheckResult;
import dev.sluice.api.StepStatus;
import dev.sluice.exec.RunResult;
import dev.sluice.exec.StepResult;
import dev.sluice.ml.model.eval.Evaluation;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.pipeline.StepKind;
import dev.sluice.pipeline.StepNode;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a run decided about its models, for the end of its summary: each {@code evaluate} step's candidates with their
 * metrics (read from its {@code report} output), the winner and its margin over the runner-up on the selection metric,
 * the gate (the step's checks), and each version a {@code register} step registered. Steps that did not run, or
 * whose outputs are gone, are left out. Immutable.
 */
record ModelResults(List<Evaluated> evaluations, List<Registered> registered) {
    /** A run with no model steps. */
    static final ModelResults NONE = new ModelResults(List.of(), List.of());

    ModelResults {
        evaluations = List.copyOf(evaluations);
        registered = List.copyOf(registered);
    }

    /** One scored model: its name in the evaluation, its type, its test metrics (by name). */
    record Candidate(String name, String modelType, Map<String, Double> metrics) {}

    /**
     * One {@code evaluate} step's result.
     *
     * @param candidates best first, then by the selection metric
     * @param baseline   the registered model it was compared with: reference, version, value of the metric, gain
     */
    record Evaluated(String step, String metric, boolean higherIsBetter, List<Candidate> candidates,
                     Optional<Baseline> baseline, List<CheckResult> gate) {
        /** How much better the best is than the runner-up on the selection metric (NaN with one candidate). */
        double margin() {
            if (candidates.size() < 2) return Double.NaN;
            double best = candidates.get(0).metrics().getOrDefault(metric, Double.NaN);
            double next = candidates.get(1).metrics().getOrDefault(metric, Double.NaN);
            return higherIsBetter ? best - next : next - best;
        }
    }

    /** The registered model an evaluation was compared with. */
    record Baseline(String reference, int version, double value, double gain) {}

    /** One {@code register} step's version; {@code cached} when the step came from the cache (an earlier run registered it). */
    record Registered(String step, String name, int version, String alias, String artifact, boolean cached) {}

    /** Reads the results of the run's {@code evaluate} and {@code register} steps. */
    static ModelResults of(RunResult result, Pipeline pipeline) {
        Map<String, StepNode> nodes = new LinkedHashMap<>();
        for (StepNode n : pipeline.steps()) nodes.put(n.name(), n);
        List<Evaluated> evaluations = new ArrayList<>();
        List<Registered> registered = new ArrayList<>();
        for (StepResult step : result.steps()) {
            StepNode node = nodes.get(step.name());
            if (node == null || !(node.kind() instanceof StepKind.JavaStep java)) continue;
            switch (java.component().spec().name()) {
                case "evaluate" -> evaluated(step).ifPresent(evaluations::add);
                case "register" -> registered(step, node).ifPresent(registered::add);
                default -> { }
            }
        }
        return new ModelResults(evaluations, registered);
    }

    private static Optional<Evaluated> evaluated(StepResult step) {
        if (!(step.outputs().get("report") instanceof Path file) || !Files.isRegularFile(file)) return Optional.empty();
        JsonNode report;
        try {
            report = ProblemReport.JSON.readTree(file.toFile());
        } catch (IOException e) {
            return Optional.empty();
        }
        String metric = report.path("metric").asText("");
        if (metric.isEmpty() || !report.path("models").isArray()) return Optional.empty();
        boolean higher = Evaluation.higherIsBetter(metric);
        String bestName = report.path("best").path("name").asText();
        List<Candidate> candidates = new ArrayList<>();
        for (JsonNode m : report.get("models")) {
            Map<String, Double> metrics = new LinkedHashMap<>();
            m.path("metrics").fields().forEachRemaining(e -> metrics.put(e.getKey(), e.getValue().asDouble(Double.NaN)));
            candidates.add(new Candidate(m.path("name").asText(), m.path("model_type").asText("-"),
                    ModelVersionView.ordered(metrics, Optional.of(metric))));
        }
        Comparator<Candidate> byMetric = Comparator.comparingDouble(c -> rank(c.metrics().get(metric), higher));
        candidates.sort(Comparator.<Candidate, Boolean>comparing(c -> !c.name().equals(bestName)).thenComparing(byMetric));
        return Optional.of(new Evaluated(step.name(), metric, higher, candidates, baseline(report.path("baseline"), metric),
                step.checks()));
    }

    /** Sorts better values first, NaN and missing last. */
    private static double rank(Double value, boolean higher) {
        if (value == null || value.isNaN()) return Double.POSITIVE_INFINITY;
        return higher ? -value : value;
    }

    private static Optional<Baseline> baseline(JsonNode b, String metric) {
        if (!b.isObject()) return Optional.empty();
        return Optional.of(new Baseline(b.path("reference").asText(), b.path("version").asInt(),
                b.path("metrics").path(metric).asDouble(Double.NaN), b.path(metric + "_gain").asDouble(Double.NaN)));
    }

    private static Optional<Registered> registered(StepResult step, StepNode node) {
        if (step.status() != StepStatus.SUCCEEDED && step.status() != StepStatus.CACHED) return Optional.empty();
        Object value = step.outputs().get("version");
        if (value == null) return Optional.empty();
        JsonNode v = ProblemReport.JSON.valueToTree(value);
        if (!v.path("name").isTextual() || !v.path("version").canConvertToInt()) return Optional.empty();
        String alias = node.params().get("alias") instanceof String a ? a : "";
        return Optional.of(new Registered(step.name(), v.get("name").asText(), v.get("version").asInt(), alias,
                v.path("artifact").asText(""), step.status() == StepStatus.CACHED));
    }

    /** The evaluation tables and registered versions as text, or nothing when the run has neither. */
    void printText(PrintWriter out) {
        for (Evaluated e : evaluations) {
            out.println(headline(e));
            for (String line : table(e)) out.println(line);
            e.baseline().ifPresent(b -> out.println("  baseline " + b.reference() + " (version " + b.version() + "): "
                    + e.metric() + " " + fixed(b.value()) + ", gain " + String.format(Locale.ROOT, "%+.4f", b.gain())));
            if (e.gate().isEmpty()) {
                out.println("  gate: none (add checks to " + e.step() + ", e.g. " + e.metric() + ": \">= 0.8\","
                        + " to stop a weak model)");
            }
            for (CheckResult c : e.gate()) {
                out.println("  gate: " + RunReport.describe(c) + (c.passed() ? " (passed)" : " (FAILED)"));
            }
        }
        for (Registered r : registered) {
            out.println("registered " + r.name() + "@" + r.version() + (r.alias().isEmpty() ? "" : " as " + r.alias()) + " ("
                    + r.artifact().substring(0, Math.min(19, r.artifact().length())) + ")"
                    + (r.cached() ? ", in an earlier run (" + r.step() + " came from the cache)" : ""));
        }
    }

    /** {@code evaluate: best of 2 models by auc (higher is better): logistic, by 0.0123 over gbdt} */
    private static String headline(Evaluated e) {
        int n = e.candidates().size();
        String head = e.step() + ": " + (n == 1 ? "1 model scored" : "best of " + n + " models") + " by " + e.metric()
                + (e.higherIsBetter() ? " (higher is better)" : " (lower is better)");
        if (n == 0) return head;
        String best = head + ": " + e.candidates().getFirst().name();
        return n < 2 ? best : best + ", by " + fixed(e.margin()) + " over " + e.candidates().get(1).name();
    }

    /** A header and one row per candidate (the best marked {@code *}): names left-aligned, metrics right-aligned. */
    private static List<String> table(Evaluated e) {
        List<String> columns = e.candidates().isEmpty() ? List.of() : List.copyOf(e.candidates().getFirst().metrics().keySet());
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("model", "type"));
        header.addAll(columns);
        rows.add(header);
        for (Candidate c : e.candidates()) {
            List<String> row = new ArrayList<>(List.of(c.name(), c.modelType()));
            for (String m : columns) row.add(c.metrics().containsKey(m) ? fixed(c.metrics().get(m)) : "-");
            rows.add(row);
        }
        int[] width = new int[header.size()];
        for (List<String> row : rows) for (int i = 0; i < row.size(); i++) width[i] = Math.max(width[i], row.get(i).length());
        List<String> lines = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            StringBuilder line = new StringBuilder(r == 1 ? "* " : "  ");
            for (int i = 0; i < header.size(); i++) {
                String cell = rows.get(r).get(i);
                String pad = " ".repeat(width[i] - cell.length());
                line.append(i < 2 ? cell + pad : pad + cell).append(i < header.size() - 1 ? "  " : "");
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }

    private static String fixed(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    /** Adds {@code "evaluations"} and {@code "registered"} to a run's JSON summary (both lists, maybe empty). */
    void addJson(ObjectNode root) {
        ArrayNode evals = root.putArray("evaluations");
        for (Evaluated e : evaluations) {
            ObjectNode o = evals.addObject();
            o.put("step", e.step());
            o.put("metric", e.metric());
            o.put("higher_is_better", e.higherIsBetter());
            o.put("best", e.candidates().isEmpty() ? null : e.candidates().getFirst().name());
            o.put("runner_up", e.candidates().size() < 2 ? null : e.candidates().get(1).name());
            o.put("margin", e.margin());
            ArrayNode candidates = o.putArray("candidates");
            for (int i = 0; i < e.candidates().size(); i++) {
                Candidate c = e.candidates().get(i);
                ObjectNode co = candidates.addObject().put("name", c.name()).put("model_type", c.modelType()).put("best", i == 0);
                ObjectNode metrics = co.putObject("metrics");
                c.metrics().forEach(metrics::put);
            }
            e.baseline().ifPresentOrElse(b -> o.putObject("baseline").put("reference", b.reference())
                    .put("version", b.version()).put("value", b.value()).put("gain", b.gain()), () -> o.putNull("baseline"));
            ArrayNode gate = o.putArray("gate");
            for (CheckResult c : e.gate()) {
                ObjectNode g = gate.addObject().put("name", c.name()).put("passed", c.passed()).put("expected", c.expected());
                if (c.observed().isPresent()) g.put("observed", c.observed().get());
                else g.putNull("observed");
            }
        }
        ArrayNode regs = root.putArray("registered");
        for (Registered r : registered) {
            regs.addObject().put("step", r.step()).put("name", r.name()).put("version", r.version())
                    .put("alias", r.alias().isEmpty() ? null : r.alias()).put("artifact", r.artifact()).put("cached", r.cached());
        }
    }
}
