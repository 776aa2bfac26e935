package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code examples/compose/tpe.yaml}, the model-based XGBoost search, run with one command: the sweep is recorded and
 * summarised as {@code tpe}, trials the early stop left are skipped with its reason, and a second run proposes the same
 * trials and takes every one from the cache.
 */
class TpeExampleTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private JsonNode run() throws IOException {
        return json("run", "examples/compose/tpe.yaml", "--json");
    }

    private JsonNode json(String... args) throws IOException {
        Cli.Result r = new Cli(Cli.repoRoot(), Map.of("SLUICE_HOME", home.toString())).run(args);
        assertThat(r.code()).as(r.err() + r.out()).isZero();
        return JSON.readTree(r.out());
    }

    private static Map<String, String> trials(JsonNode run) {
        Map<String, String> out = new TreeMap<>();
        run.get("steps").forEach(s -> {
            if (s.get("name").asText().startsWith("gbdt[")) out.put(s.get("name").asText(), s.get("status").asText());
        });
        return out;
    }

    @Test
    void theTpeSweepRunsAndASecondRunTakesEveryTrialFromTheCache() throws IOException {
        JsonNode first = run();
        assertThat(first.get("status").asText()).isEqualTo("succeeded");
        JsonNode sweep = first.get("sweeps").get(0);
        assertThat(sweep.get("method").asText()).isEqualTo("tpe");
        assertThat(sweep.get("trials")).hasSize(16);
        Map<String, String> statuses = trials(first);
        assertThat(statuses).hasSize(16);
        assertThat(statuses.values()).containsOnly("succeeded", "skipped");
        first.get("steps").forEach(s -> {
            if (s.get("status").asText().equals("skipped")) {
                assertThat(s.get("error").asText()).startsWith("sweep stopped early: no trial improved best_logloss");
            }
        });

        // the summary lists the values each trial ran with, proposed ones included, as sluice show does
        assertThat(sweep.get("trials")).isEqualTo(json("show", first.get("run_id").asText(), "--json").get("sweeps").get(0)
                .get("trials"));
        // the plan proposes as the run did, from the trials it would take from the cache
        JsonNode plan = json("plan", "examples/compose/tpe.yaml", "--json");
        assertThat(Double.parseDouble(sweep.get("trials").get(9).get("params").get("eta").asText())).as("a proposed value")
                .isEqualTo(plan.get("sweeps").get(0).get("trials").get(9).get("params").get("eta").asDouble());
        plan.get("steps").forEach(s -> {
            if (s.get("name").asText().startsWith("gbdt[")) assertThat(s.get("decision").asText()).isNotEqualTo("run");
        });

        JsonNode second = run();
        Map<String, String> expected = new TreeMap<>();
        statuses.forEach((t, s) -> expected.put(t, s.equals("succeeded") ? "cached" : s));
        assertThat(trials(second)).isEqualTo(expected);
        assertThat(second.get("sweeps").get(0).get("best").get("name").asText())
                .isEqualTo(sweep.get("best").get("name").asText());
    }
}
