package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code examples/compose}: two pipelines share a feature pipeline file, one runs a random XGBoost sweep; and
 * {@code sluice plan} on every example.
 */
class ComposeExampleTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private Cli cli() {
        return new Cli(Cli.repoRoot(), Map.of("SLUICE_HOME", home.toString()));
    }

    private JsonNode json(String... args) throws IOException {
        Cli.Result r = cli().run(args);
        assertThat(r.code()).as(r.err() + r.out()).isZero();
        return JSON.readTree(r.out());
    }

    private static Map<String, String> statuses(JsonNode run) {
        Map<String, String> out = new TreeMap<>();
        run.get("steps").forEach(s -> out.put(s.get("name").asText(), s.get("status").asText()));
        return out;
    }

    @Test
    void theSweepRunsOnSharedFeaturesAndTheBaselineReusesThem() throws IOException {
        JsonNode sweep = json("run", "examples/compose/sweep.yaml", "--json");
        assertThat(statuses(sweep)).containsOnlyKeys("load", "features/check", "features/columns", "features/split",
                "gbdt[trial=1]", "gbdt[trial=2]", "gbdt[trial=3]", "gbdt[trial=4]", "gbdt[trial=5]", "gbdt[trial=6]",
                "evaluate");
        assertThat(sweep.get("status").asText()).isEqualTo("succeeded");
        JsonNode search = sweep.get("sweeps").get(0);
        assertThat(search.get("trials")).hasSize(6);
        double best = search.get("best").get("objective").asDouble();
        search.get("trials").forEach(t -> assertThat(t.get("objective").asDouble()).isGreaterThanOrEqualTo(best));

        JsonNode plan = json("plan", "examples/compose/baseline.yaml", "--json");
        Map<String, String> decisions = new TreeMap<>();
        plan.get("steps").forEach(s -> decisions.put(s.get("name").asText(), s.get("decision").asText()));
        assertThat(decisions).containsEntry("load", "cached").containsEntry("features/check", "cached")
                .containsEntry("features/split", "cached").containsEntry("logistic", "run").containsEntry("evaluate", "run");

        JsonNode baseline = json("run", "examples/compose/baseline.yaml", "--json");
        Map<String, String> expected = new TreeMap<>();
        decisions.forEach((step, d) -> expected.put(step, d.equals("run") ? "succeeded" : d));
        assertThat(statuses(baseline)).isEqualTo(expected);
    }

    @Test
    void everyExampleCanBePlannedAndAPipelineWithInputsIsToldToBeUsedAsAStep() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(Cli.repoRoot().resolve("examples"))) {
            walk.filter(p -> p.toString().endsWith(".yaml") && !p.toString().contains("/errors/")).sorted().forEach(files::add);
        }
        assertThat(files).hasSizeGreaterThan(5);
        for (Path file : files) {
            String name = Cli.repoRoot().relativize(file).toString();
            // the retraining pipeline is started by the drift monitor with the window it drifted on
            Cli.Result r = name.endsWith("elec2/retrain.yaml") ? cli().run("plan", name, "--json", "-p", "data=data/late.csv")
                    : cli().run("plan", name, "--json");
            if (name.endsWith("compose/features.yaml")) {
                assertThat(r.code()).isEqualTo(2);
                assertThat(r.out()).contains("so it runs only as a step of another pipeline");
                continue;
            }
            assertThat(r.code()).as(name + ": " + r.out() + r.err()).isZero();
            assertThat(JSON.readTree(r.out()).get("summary").get("run").asInt()).as(name).isPositive();
        }
        assertThat(Files.exists(home.resolve("sluice.db"))).isFalse();
    }
}
