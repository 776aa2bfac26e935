package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a user reads after training: the run summary's evaluation table (every candidate and its metrics, the winner
 * and by how much, the gate) and the registered version, in text and {@code --json}; and {@code sluice models} with
 * every metric, the selection metric first, and the model type.
 */
class ModelResultsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;
    @TempDir
    static Path work;
    /** The first run's {@code --json} summary (selection metric auc). */
    static JsonNode run;

    @BeforeAll
    static void trainTwoModels() throws IOException {
        writeTable(work.resolve("data.csv"));
        Files.writeString(work.resolve("pipeline.yaml"), """
                pipeline: pick
                params:
                  metric: {type: string, default: auc}
                steps:
                  load:     {uses: csv, with: {path: data.csv}}
                  split:    {uses: split, inputs: {data: load.data}, with: {test: 0.3, seed: 7}}
                  gbdt:     {uses: xgboost, inputs: {train: split.train}, with: {target: y, rounds: 20, max_depth: 3}}
                  logistic: {uses: logistic, inputs: {train: split.train}, with: {target: y}}
                  evaluate: {uses: evaluate, inputs: {models: [gbdt.model, logistic.model], test: split.test},
                             with: {metric: "${params.metric}"}, checks: {auc: ">= 0.55"}}
                  register: {uses: register, inputs: {model: evaluate.best}, with: {name: pick, alias: challenger}}
                """);
        Cli.Result r = cli().run("run", "pipeline.yaml", "--json");
        assertThat(r.code()).as(r.err() + r.out()).isZero();
        run = JSON.readTree(r.out());
    }

    @Test
    void jsonSummaryHasTheEvaluationTableAndTheRegisteredVersion() {
        JsonNode evaluate = step(run, "evaluate").get("metrics");
        JsonNode e = run.get("evaluations").get(0);
        assertThat(e.get("step").asText()).isEqualTo("evaluate");
        assertThat(e.get("metric").asText()).isEqualTo("auc");
        assertThat(e.get("higher_is_better").asBoolean()).isTrue();
        List<String> names = new ArrayList<>();
        for (JsonNode c : e.get("candidates")) {
            names.add(c.get("name").asText());
            assertThat(c.get("metrics").get("auc").asDouble()).isEqualTo(evaluate.get(c.get("name").asText() + ".auc").asDouble());
            assertThat(c.get("metrics").size()).isEqualTo(6);
        }
        assertThat(names).containsExactlyInAnyOrder("gbdt", "logistic");
        JsonNode best = e.get("candidates").get(0);
        JsonNode other = e.get("candidates").get(1);
        assertThat(best.get("best").asBoolean()).isTrue();
        assertThat(other.get("best").asBoolean()).isFalse();
        assertThat(best.get("model_type").asText()).isEqualTo(best.get("name").asText().equals("gbdt") ? "xgboost" : "logistic");
        assertThat(e.get("best").asText()).isEqualTo(best.get("name").asText());
        assertThat(best.get("metrics").get("auc").asDouble()).isEqualTo(evaluate.get("auc").asDouble())
                .isGreaterThanOrEqualTo(other.get("metrics").get("auc").asDouble());
        assertThat(e.get("margin").asDouble()).isEqualTo(
                best.get("metrics").get("auc").asDouble() - other.get("metrics").get("auc").asDouble());
        assertThat(e.get("runner_up").asText()).isEqualTo(other.get("name").asText());
        assertThat(e.get("gate").get(0).get("name").asText()).isEqualTo("auc");
        assertThat(e.get("gate").get(0).get("passed").asBoolean()).isTrue();

        JsonNode registered = run.get("registered").get(0);
        assertThat(registered.get("step").asText()).isEqualTo("register");
        assertThat(registered.get("name").asText()).isEqualTo("pick");
        assertThat(registered.get("version").asInt()).isEqualTo(1);
        assertThat(registered.get("alias").asText()).isEqualTo("challenger");
        assertThat(registered.get("artifact").asText()).startsWith("sha256:");
        assertThat(registered.get("cached").asBoolean()).isFalse();
    }

    @Test
    void textSummaryEndsWithTheEvaluationTableAndTheRegisteredVersion() {
        Cli.Result again = cli().run("run", "pipeline.yaml");   // every step from the cache: the same result
        assertThat(again.code()).as(again.err()).isZero();
        JsonNode e = run.get("evaluations").get(0);
        JsonNode best = e.get("candidates").get(0);
        JsonNode other = e.get("candidates").get(1);
        String artifact = run.get("registered").get(0).get("artifact").asText();
        List<String> columns = List.of("auc", "accuracy", "f1", "logloss", "precision", "recall");
        String expected = "evaluate: best of 2 models by auc (higher is better): " + best.get("name").asText() + ", by "
                + f(e.get("margin").asDouble()) + " over " + other.get("name").asText() + "\n"
                + table(columns, best, other)
                + "  gate: auc = " + best.get("metrics").get("auc").asDouble() + ", expected >= 0.55 (passed)\n"
                + "registered pick@1 as challenger (" + artifact.substring(0, 19) + "), in an earlier run (register came"
                + " from the cache)\n";
        List<String> lines = again.out().lines().toList();
        String tail = String.join("\n", lines.subList(lines.size() - 8, lines.size() - 2)) + "\n";
        assertThat(tail).isEqualTo(expected);
        assertThat(lines.get(lines.size() - 2)).startsWith("run folder: ");
        assertThat(lines.getLast()).startsWith("run ").contains(" succeeded in ");
    }

    @Test
    void anUnknownModelNameIsExitTwoAndSaysHowToListTheModels() {
        Cli.Result r = cli().run("models", "pikc");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("no model named 'pikc'; list the models with: sluice models\n");
    }

    @Test
    void modelsShowsEveryMetricSelectionMetricFirstAndTheModelType() throws IOException {
        JsonNode m = step(run, "evaluate").get("metrics");   // the best model's metrics under their plain names
        String type = m.get("best_index").asInt() == 0 ? "xgboost" : "logistic";
        Cli.Result text = cli().run("models");
        assertThat(text.code()).as(text.err()).isZero();
        String metrics = "auc=" + g(m.get("auc")) + " accuracy=" + g(m.get("accuracy")) + " best_index=" + g(m.get("best_index"))
                + " f1=" + g(m.get("f1")) + " logloss=" + g(m.get("logloss")) + " precision=" + g(m.get("precision"))
                + " recall=" + g(m.get("recall"));
        assertThat(text.out()).startsWith("pick@1").endsWith(" " + metrics + "\n")
                .contains(" challenger ", " " + type + " ", step(run, "register").get("outputs").get("version").get("artifact")
                        .asText().substring(0, 19));

        JsonNode json = JSON.readTree(cli().run("models", "pick", "--json").out()).get(0);
        assertThat(json.get("model_type").asText()).isEqualTo(type);
        assertThat(json.get("selection_metric").asText()).isEqualTo("auc");
        List<String> keys = new ArrayList<>();
        json.get("metrics").fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("auc", "accuracy", "best_index", "f1", "logloss", "precision", "recall");
    }

    @Test
    void aLowerIsBetterSelectionMetricComesFirstAndRanksTheCandidates(@TempDir Path otherHome) throws IOException {
        Cli cli = new Cli(work, Map.of("SLUICE_HOME", otherHome.toString()));
        Cli.Result r = cli.run("run", "pipeline.yaml", "-p", "metric=logloss", "--json");
        assertThat(r.code()).as(r.err() + r.out()).isZero();
        JsonNode e = JSON.readTree(r.out()).get("evaluations").get(0);
        assertThat(e.get("metric").asText()).isEqualTo("logloss");
        assertThat(e.get("higher_is_better").asBoolean()).isFalse();
        double best = e.get("candidates").get(0).get("metrics").get("logloss").asDouble();
        double other = e.get("candidates").get(1).get("metrics").get("logloss").asDouble();
        assertThat(best).isLessThanOrEqualTo(other);
        assertThat(e.get("margin").asDouble()).isEqualTo(other - best);

        JsonNode version = JSON.readTree(cli.run("models", "pick", "--json").out()).get(0);
        assertThat(version.get("selection_metric").asText()).isEqualTo("logloss");
        assertThat(version.get("metrics").fieldNames().next()).isEqualTo("logloss");
    }

    private static String table(List<String> columns, JsonNode best, JsonNode other) {
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("model", "type"));
        header.addAll(columns);
        rows.add(header);
        for (JsonNode c : List.of(best, other)) {
            List<String> row = new ArrayList<>(List.of(c.get("name").asText(), c.get("model_type").asText()));
            for (String m : columns) row.add(f(c.get("metrics").get(m).asDouble()));
            rows.add(row);
        }
        int[] width = new int[header.size()];
        for (List<String> row : rows) for (int i = 0; i < row.size(); i++) width[i] = Math.max(width[i], row.get(i).length());
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            StringBuilder line = new StringBuilder(r == 1 ? "* " : "  ");
            for (int i = 0; i < header.size(); i++) {
                String cell = rows.get(r).get(i);
                line.append(i < 2 ? cell + " ".repeat(width[i] - cell.length()) : " ".repeat(width[i] - cell.length()) + cell);
                if (i < header.size() - 1) line.append("  ");
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    /** As {@code sluice models} writes a metric: a whole number as such, else 4 significant digits. */
    private static String g(JsonNode v) {
        double d = v.asDouble();
        return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.4g", d);
    }

    private static JsonNode step(JsonNode run, String name) {
        for (JsonNode s : run.get("steps")) if (s.get("name").asText().equals(name)) return s;
        throw new AssertionError("no step " + name);
    }

    private static Cli cli() {
        return new Cli(work, Map.of("SLUICE_HOME", home.toString()));
    }

    /** 600 seeded rows: two numeric features and a text one, and a binary target that depends on them with noise. */
    private static void writeTable(Path file) throws IOException {
        SplittableRandom rng = new SplittableRandom(20261207);
        StringBuilder csv = new StringBuilder("x1,x2,colour,y\n");
        String[] colours = {"red", "green", "blue", "amber"};
        for (int i = 0; i < 600; i++) {
            double x1 = rng.nextGaussian();
            double x2 = rng.nextGaussian();
            int c = rng.nextInt(colours.length);
            double z = 0.9 * x1 - 0.6 * x2 * x2 + 0.5 * c - 0.4;
            boolean y = rng.nextDouble() < 1 / (1 + Math.exp(-z));
            csv.append(String.format(Locale.ROOT, "%.5f,%.5f,%s,%s%n", x1, x2, colours[c], y ? "yes" : "no"));
        }
        Files.writeString(file, csv);
    }
}
