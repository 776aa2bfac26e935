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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI over the real loader, validator and executor, on the examples of the repository.
 * Needs python3 on the PATH (the hello example has Python command steps).
 */
class EndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    @TempDir
    Path work;

    private Cli cli() {
        return new Cli(Cli.repoRoot(), Map.of("SLUICE_HOME", home.toString()));
    }

    @Test
    void validatesTheHelloExample() {
        Cli.Result r = cli().run("validate", "examples/hello/pipeline.yaml");
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("examples/hello/pipeline.yaml: ok (8 steps)\n");
        assertThat(r.code()).isZero();
    }

    @Test
    void reportsEveryProblemOfTheBrokenExampleWithItsPosition() {
        Cli.Result r = cli().run("validate", "examples/errors/pipeline.yaml");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        List<String> lines = r.err().lines().toList();
        List<String> problems = lines.subList(0, lines.size() - 1);
        assertThat(lines.getLast()).isEqualTo(problems.size() + " problems in examples/errors/pipeline.yaml");
        assertThat(problems).hasSizeGreaterThanOrEqualTo(4)
                .allMatch(l -> l.matches("examples/errors/pipeline\\.yaml:\\d+:\\d+: .+"), "FILE:LINE:COL: message");
        String all = r.err().toLowerCase();
        assertThat(all).contains("whith", "load.fiel", "cycle", "depth");
        // in file order: the typo (line 10) before the unknown output (line 13) before the cycle (line 16 or 19)
        assertThat(all.indexOf("whith")).isLessThan(all.indexOf("load.fiel"));
    }

    @Test
    void validateJsonListsProblemsWithLineAndColumn() throws IOException {
        Cli.Result r = cli().run("validate", "examples/errors/pipeline.yaml", "--json");
        assertThat(r.code()).isEqualTo(2);
        JsonNode root = JSON.readTree(r.out());
        assertThat(root.get("valid").asBoolean()).isFalse();
        assertThat(root.get("problems")).isNotEmpty();
        for (JsonNode p : root.get("problems")) {
            assertThat(p.get("line").asInt()).isPositive();
            assertThat(p.get("column").asInt()).isPositive();
            assertThat(p.get("message").asText()).isNotBlank();
        }
    }

    @Test
    void runsTheHelloExampleWithAJsonSummary() throws IOException {
        Cli.Result r = cli().run("run", "examples/hello/pipeline.yaml", "--json");
        assertThat(r.code()).as(r.err() + r.out()).isZero();
        JsonNode root = JSON.readTree(r.out());
        assertThat(root.get("pipeline").asText()).isEqualTo("hello");
        assertThat(root.get("status").asText()).isEqualTo("succeeded");
        assertThat(root.get("run_id").asText()).isNotBlank();
        List<String> names = new ArrayList<>();
        for (JsonNode step : root.get("steps")) {
            names.add(step.get("name").asText());
            assertThat(step.get("status").asText()).as(step.toString()).isEqualTo("succeeded");
        }
        assertThat(names).contains("load", "species", "summary", "count");
        assertThat(names.stream().filter(n -> n.startsWith("profile[")).toList()).hasSize(4)
                .anyMatch(n -> n.contains("petal_length_cm"));
        JsonNode profile = step(root, "petal_length_cm");
        assertThat(profile.get("metrics").get("mean").asDouble()).isEqualTo(3.758);
        JsonNode count = step(root, "count");
        assertThat(count.get("metrics").get("lines").asDouble()).isEqualTo(5.0);
        assertThat(count.get("checks").get(0).get("passed").asBoolean()).isTrue();
        assertThat(step(root, "species").get("metrics").get("classes").asDouble()).isEqualTo(3.0);
    }

    @Test
    void plainProgressAndSummaryWhenNotATerminal() {
        Cli.Result r = cli().run("run", "examples/hello/pipeline.yaml");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("running hello: 8 steps, ")
                .containsPattern("(?m)^  load +succeeded +\\d")
                .containsPattern("(?m)^  count +succeeded +\\d")
                .containsPattern("(?m)^run \\S+ succeeded in \\S+ \\(8 succeeded\\)$");
    }

    @Test
    void aParameterOutOfBoundsIsADefinitionError() {
        Cli.Result r = cli().run("run", "examples/hello/pipeline.yaml", "-p", "digits=40");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("digits").endsWith("in examples/hello/pipeline.yaml\n");
    }

    @Test
    void aFailedCheckBlocksTheRunAndWhatDependsOnIt() throws IOException {
        Path words = Files.writeString(work.resolve("words.txt"), "only two\nlines\n");
        Path pipeline = Files.writeString(work.resolve("gate.yaml"), """
                pipeline: gate
                steps:
                  load: {uses: file, with: {path: "%s"}}
                  count: {uses: count, inputs: {in: load.file}, checks: {lines: ">= 1000"}}
                  publish: {uses: concat, after: [count], with: {text: published}}
                """.formatted(words.toString().replace("\\", "/")));
        Cli.Result r = cli().run("run", pipeline.toString(), "--json");
        assertThat(r.code()).isEqualTo(1);
        JsonNode root = JSON.readTree(r.out());
        assertThat(root.get("status").asText()).isEqualTo("blocked");
        assertThat(step(root, "count").get("status").asText()).isEqualTo("failed");
        assertThat(step(root, "count").get("checks").get(0).get("observed").asDouble()).isEqualTo(2.0);
        assertThat(step(root, "publish").get("status").asText()).isEqualTo("blocked");

        Cli.Result text = cli().run("run", pipeline.toString());
        assertThat(text.code()).isEqualTo(1);
        assertThat(text.out()).contains("step count failed", "check lines = 2, expected >= 1000", "blocked (not run): publish")
                .containsPattern("(?m)^run \\S+ blocked in ");
    }

    private static JsonNode step(JsonNode root, String nameContains) {
        for (JsonNode step : root.get("steps")) {
            if (step.get("name").asText().contains(nameContains)) return step;
        }
        throw new AssertionError("no step named like " + nameContains + " in " + root);
    }
}
