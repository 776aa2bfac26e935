package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code early_stop: {median: ...}} on {@code xgboost} through the command line: trials whose learning rate is too
 * small to bring the validation log loss down are stopped after a few rounds by the median of the trials before them,
 * the run succeeds, the sweep's best is an unstopped trial, and {@code show} and the report say which were stopped;
 * a second run takes every trial, stopped or not, from the cache.
 */
class MedianStopXgboostTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PIPELINE = """
            pipeline: search
            steps:
              load: {uses: csv, with: {path: data.csv}}
              gbdt:
                uses: xgboost
                inputs: {train: load.data}
                with: {target: y, rounds: 60, early_stopping: 10}
                sweep:
                  trials: 10
                  seed: 5
                  parallel: 2
                  early_stop: {median: {metric: logloss, warmup_steps: 3, min_trials: 3}}
                  objective: {metric: best_logloss, goal: minimize}
                  params:
                    eta: {loguniform: [0.0005, 0.5]}
            """;

    @TempDir Path work;
    @TempDir Path home;
    private Cli cli;

    @BeforeEach
    void files() throws IOException {
        StringBuilder csv = new StringBuilder("a,b,y\n");
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < 600; i++) {
            double a = rng.nextGaussian();
            double b = rng.nextGaussian();
            csv.append(a).append(',').append(b).append(',').append(rng.nextDouble() < 1 / (1 + Math.exp(-3 * a + b)) ? 1 : 0)
                    .append('\n');
        }
        Files.writeString(work.resolve("data.csv"), csv);
        Files.writeString(work.resolve("search.yaml"), PIPELINE);
        cli = new Cli(work, Map.of("SLUICE_HOME", home.toString()));
    }

    @Test
    void slowTrialsAreStoppedAndTheRunSaysSo() throws IOException {
        Cli.Result r = cli.run("run", "search.yaml", "--json");
        assertThat(r.code()).as(r.err() + r.out()).isZero();
        JsonNode first = JSON.readTree(r.out());
        JsonNode sweep = first.get("sweeps").get(0);
        int stopped = 0;
        for (JsonNode t : sweep.get("trials")) {
            if (t.get("status").asText().startsWith("stopped at step")) {
                stopped++;
            } else {
                assertThat(t.get("status").asText()).isEqualTo("succeeded");
            }
        }
        assertThat(stopped).as(sweep.toString()).isBetween(1, 7);
        String best = sweep.get("best").get("name").asText();
        for (JsonNode t : sweep.get("trials")) {
            if (t.get("name").asText().equals(best)) assertThat(t.get("status").asText()).as("the best").isEqualTo("succeeded");
        }
        String runId = first.get("run_id").asText();
        assertThat(cli.run("show", runId).out()).contains(stopped + (stopped == 1 ? " trial" : " trials")
                + " stopped by the median rule", "intermediate values: ");
        Path page = work.resolve("page.html");
        assertThat(cli.run("report", runId, "-o", page.toString()).code()).isZero();
        assertThat(Files.readString(page)).contains("<td>stopped at step ").doesNotContain("logloss@");

        Cli.Result again = cli.run("run", "search.yaml", "--json");
        JsonNode second = JSON.readTree(again.out());
        for (JsonNode step : second.get("steps")) assertThat(step.get("status").asText()).as(step.toString()).isEqualTo("cached");
        JsonNode trials = second.get("sweeps").get(0).get("trials");
        for (int i = 0; i < trials.size(); i++) {
            String before = sweep.get("trials").get(i).get("status").asText();
            assertThat(trials.get(i).get("status").asText()).isEqualTo(before.startsWith("stopped") ? before : "cached");
        }
    }
}
