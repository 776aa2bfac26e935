package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code examples/fanout}: a step per contract type found in the churn data ({@code foreach:}), fanned in, with a
 * {@code finally:} step that says how the run went and an {@code on_failure:} one that stays skipped.
 */
class FanoutExampleTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private JsonNode run() throws IOException {
        Cli.Result r = new Cli(Cli.repoRoot(), Map.of("SLUICE_HOME", home.toString()))
                .run("run", "examples/fanout/pipeline.yaml", "--json");
        assertThat(r.code()).as(r.err() + r.out()).isZero();
        return JSON.readTree(r.out());
    }

    private static Map<String, String> statuses(JsonNode run) {
        Map<String, String> out = new TreeMap<>();
        run.get("steps").forEach(s -> out.put(s.get("name").asText(), s.get("status").asText()));
        return out;
    }

    private static String lastLogLines(JsonNode run, String step, int n) throws IOException {
        JsonNode node = null;
        for (JsonNode s : run.get("steps")) if (s.get("name").asText().equals(step)) node = s;
        assertThat(node).as(step).isNotNull();
        java.util.List<String> lines = Files.readAllLines(Path.of(node.get("log").asText()));
        return String.join("\n", lines.subList(lines.size() - n, lines.size()));
    }

    @Test
    void ratesRunOncePerContractTypeAndNotifyRunsLastWithTheRunsStatus() throws IOException {
        JsonNode first = run();
        assertThat(first.get("status").asText()).isEqualTo("succeeded");
        assertThat(statuses(first)).isEqualTo(new TreeMap<>(Map.of("load", "succeeded", "contracts", "succeeded",
                "rate[contract=Month-to-month]", "succeeded", "rate[contract=One year]", "succeeded",
                "rate[contract=Two year]", "succeeded", "summary", "succeeded", "notify", "succeeded", "alert", "skipped")));
        assertThat(lastLogLines(first, "summary", 3)).isEqualTo("""
                Month-to-month: 42.7% of 3875 customers
                One year: 11.3% of 1473 customers
                Two year: 2.8% of 1695 customers""");
        assertThat(lastLogLines(first, "notify", 1)).isEqualTo("run succeeded");

        Cli.Result plan = new Cli(Cli.repoRoot(), Map.of("SLUICE_HOME", home.toString()))
                .run("plan", "examples/fanout/pipeline.yaml", "--json");
        assertThat(plan.code()).as(plan.err()).isZero();
        assertThat(JSON.readTree(plan.out()).get("instances").get("rate")).extracting(JsonNode::asText)
                .containsExactly("rate[contract=Month-to-month]", "rate[contract=One year]", "rate[contract=Two year]");

        JsonNode again = run();
        assertThat(statuses(again)).containsEntry("rate[contract=Month-to-month]", "cached")
                .containsEntry("rate[contract=One year]", "cached").containsEntry("rate[contract=Two year]", "cached")
                .containsEntry("summary", "cached").containsEntry("notify", "succeeded");
    }
}
