package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** README's main job: the churn pipeline on real data, end to end, then the registry and a rollback. */
class ChurnExampleTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private Cli cli() {
        return new Cli(Cli.repoRoot(), Map.of("SLUICE_HOME", home.toString()));
    }

    @Test
    void trainsComparesGatesAndRegistersTheBestModel() throws Exception {
        Cli.Result r = cli().run("run", "examples/churn/pipeline.yaml", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode run = JSON.readTree(r.out());
        assertThat(run.get("status").asText()).isEqualTo("succeeded");
        List<String> steps = new ArrayList<>();
        run.get("steps").forEach(s -> steps.add(s.get("name").asText()));
        assertThat(steps).contains("load", "check", "profile", "split", "gbdt[eta=0.03]", "gbdt[eta=0.1]", "gbdt[eta=0.3]",
                "logistic", "evaluate", "register");
        JsonNode evaluate = step(run, "evaluate");
        assertThat(evaluate.get("metrics").get("auc").asDouble()).isGreaterThan(0.80);

        Cli.Result models = cli().run("models", "--json");
        assertThat(models.code()).as(models.err()).isZero();
        JsonNode churn = JSON.readTree(models.out()).get(0);
        assertThat(churn.get("name").asText()).isEqualTo("churn");
        assertThat(churn.get("version").asInt()).isEqualTo(1);
        assertThat(churn.get("aliases").toString()).contains("challenger");
        assertThat(churn.get("metrics").get("auc").asDouble()).isEqualTo(evaluate.get("metrics").get("auc").asDouble());
        List<String> producers = new ArrayList<>();
        churn.get("lineage").forEach(n -> producers.add(n.get("step").asText()));
        assertThat(producers).contains("evaluate", "split", "load");

        assertThat(cli().run("promote", "churn", "1", "--alias", "champion").code()).isZero();
        assertThat(cli().run("promote", "churn", "2", "--alias", "champion").code()).isEqualTo(2);
        JsonNode after = JSON.readTree(cli().run("models", "churn", "--json").out()).get(0);
        assertThat(after.get("aliases").toString()).contains("champion", "challenger");
    }

    private static JsonNode step(JsonNode run, String name) {
        for (JsonNode s : run.get("steps")) if (s.get("name").asText().equals(name)) return s;
        throw new AssertionError("no step " + name);
    }
}
