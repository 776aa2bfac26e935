package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A random sweep run end to end: each trial's objective and drawn values are recorded, the best trial is named in the
 * run summary, {@code show} and the HTML report, and a re-run draws the same trials and takes them from the cache.
 */
class SweepRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PIPELINE = """
            pipeline: search
            steps:
              score:
                run: [python3, score.py, "${matrix.x}", "${matrix.k}"]
                outputs: {result: file}
                sweep:
                  trials: 5
                  seed: 3
                  parallel: 2
                  objective: {metric: loss, goal: minimize}
                  params:
                    x: {uniform: [-2, 2]}
                    k: {int: [1, 3]}
              pick: {uses: concat, inputs: {parts: "score[*].result"}}
            """;
    private static final String SCORE = """
            import json, os, sys
            x, k = float(sys.argv[1]), int(sys.argv[2])
            os.makedirs('outputs/result', exist_ok=True)
            open('outputs/result/r.txt', 'w').write(f'{x} {k}\\n')
            print(json.dumps({'loss': (x - 0.5) ** 2 + k}))
            """;

    @TempDir
    Path work;
    @TempDir
    Path home;
    private Cli cli;

    @BeforeEach
    void files() throws IOException {
        Files.writeString(work.resolve("search.yaml"), PIPELINE);
        Files.writeString(work.resolve("score.py"), SCORE);
        cli = new Cli(work, Map.of("SLUICE_HOME", home.toString()));
    }

    private JsonNode run() throws IOException {
        Cli.Result r = cli.run("run", "search.yaml", "--json");
        assertThat(r.code()).as(r.err() + r.out()).isZero();
        return JSON.readTree(r.out());
    }

    @Test
    void eachTrialsObjectiveAndTheBestTrialAreRecordedAndShown() throws IOException {
        JsonNode first = run();
        JsonNode sweep = first.get("sweeps").get(0);
        assertThat(sweep.get("step").asText()).isEqualTo("score");
        assertThat(sweep.get("goal").asText()).isEqualTo("minimize");
        List<String> names = new ArrayList<>();
        String argmin = null;
        double min = Double.MAX_VALUE;
        for (JsonNode t : sweep.get("trials")) {
            names.add(t.get("name").asText());
            double x = Double.parseDouble(t.get("params").get("x").asText());
            int k = Integer.parseInt(t.get("params").get("k").asText());
            assertThat(t.get("objective").asDouble()).isCloseTo((x - 0.5) * (x - 0.5) + k, within(1e-9));
            if (t.get("objective").asDouble() < min) {
                min = t.get("objective").asDouble();
                argmin = t.get("name").asText();
            }
        }
        assertThat(names).containsExactly("score[trial=1]", "score[trial=2]", "score[trial=3]", "score[trial=4]",
                "score[trial=5]");
        assertThat(sweep.get("best").get("name").asText()).isEqualTo(argmin);

        JsonNode again = run();
        for (JsonNode step : again.get("steps")) assertThat(step.get("status").asText()).as(step.toString()).isEqualTo("cached");
        assertThat(again.get("sweeps").get(0).get("trials")).isEqualTo(cachedCopy(sweep.get("trials")));
        assertThat(again.get("sweeps").get(0).get("best")).isEqualTo(sweep.get("best"));

        String runId = first.get("run_id").asText();
        JsonNode shown = JSON.readTree(cli.run("show", runId, "--json").out());
        assertThat(shown.get("sweeps").get(0).get("best")).isEqualTo(sweep.get("best"));
        assertThat(shown.get("sweeps").get(0).get("trials")).isEqualTo(sweep.get("trials"));
        assertThat(cli.run("show", runId).out()).contains("sweep score (random, 5 trials, seed 3): best " + argmin + ", loss = ");

        Path page = work.resolve("page.html");
        assertThat(cli.run("report", runId, "-o", page.toString()).code()).isZero();
        assertThat(Files.readString(page)).contains("<h2>Sweeps</h2>", "<tr class=\"best\"><td>" + argmin + "</td>");
    }

    private static JsonNode cachedCopy(JsonNode trials) {
        JsonNode copy = trials.deepCopy();
        copy.forEach(t -> ((com.fasterxml.jackson.databind.node.ObjectNode) t).put("status", "cached"));
        return copy;
    }
}
