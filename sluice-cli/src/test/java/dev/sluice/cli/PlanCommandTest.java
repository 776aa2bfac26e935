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
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sluice plan} and {@code sluice run --dry-run}: the decision and reason for every step, in {@code why}'s
 * words, predicted without running or recording anything; and the run that follows does what the plan said.
 */
class PlanCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PIPELINE = """
            pipeline: planned
            params:
              title: {type: string, default: words}
            steps:
              load: {uses: file, with: {path: words.txt}}
              head: {uses: concat, inputs: {parts: load.file}, with: {text: "${params.title}\\n"}}
              count: {uses: count, inputs: {in: head.out}, checks: {lines: ">= 2"}}
              fan: {uses: concat, inputs: {parts: load.file}, matrix: {text: [a, b]}}
            """;

    @TempDir
    Path work;
    @TempDir
    Path temp;
    /** The workspace folder, created by the first run (a temporary folder would exist from the start). */
    private Path home;
    private Cli cli;

    @BeforeEach
    void files() throws IOException {
        Files.writeString(work.resolve("words.txt"), "alpha\nbeta\n");
        Files.writeString(work.resolve("p.yaml"), PIPELINE);
        home = temp.resolve("state");
        cli = new Cli(work, Map.of("SLUICE_HOME", home.toString()));
    }

    private JsonNode plan(String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("plan", "p.yaml", "--json"));
        args.addAll(List.of(more));
        Cli.Result r = cli.run(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        return JSON.readTree(r.out());
    }

    private static Map<String, String> decisions(JsonNode plan) {
        Map<String, String> out = new TreeMap<>();
        plan.get("steps").forEach(s -> out.put(s.get("name").asText(), s.get("decision").asText() + " " + s.get("reason").asText()));
        return out;
    }

    private static JsonNode step(JsonNode plan, String name) {
        for (JsonNode s : plan.get("steps")) if (s.get("name").asText().equals(name)) return s;
        throw new AssertionError("no step " + name + " in " + plan);
    }

    private Map<String, String> runStatuses(String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("run", "p.yaml", "--json"));
        args.addAll(List.of(more));
        Cli.Result r = cli.run(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        Map<String, String> out = new TreeMap<>();
        JSON.readTree(r.out()).get("steps").forEach(s -> out.put(s.get("name").asText(), s.get("status").asText()));
        return out;
    }

    /** The statuses a run gets where the plan said run (succeeded) or cached. */
    private static Map<String, String> expected(JsonNode plan) {
        Map<String, String> out = new TreeMap<>();
        plan.get("steps").forEach(s -> out.put(s.get("name").asText(),
                s.get("decision").asText().equals("run") ? "succeeded" : s.get("decision").asText()));
        return out;
    }

    @Test
    void withoutAWorkspaceEveryStepWouldRunAndNothingIsCreated() throws IOException {
        JsonNode plan = plan();
        assertThat(decisions(plan).values()).containsOnly("run no_workspace");
        assertThat(plan.get("workspace").isNull()).isTrue();
        assertThat(plan.get("instances").get("fan")).hasSize(2);
        assertThat(plan.get("checks").get(0).get("step").asText()).isEqualTo("count");
        assertThat(plan.get("checks").get(0).get("check").asText()).isEqualTo("lines >= 2");
        assertThat(Files.exists(home)).isFalse();
        Cli.Result text = cli.run("plan", "p.yaml");
        assertThat(text.out()).startsWith("plan of planned (p.yaml): 5 steps, 5 would run, 0 from the cache, 0 skipped;"
                + " no workspace yet\n").contains("checks evaluated again: count: lines >= 2\n")
                .endsWith("nothing ran and nothing was recorded; run it with: sluice run p.yaml\n");
        assertThat(Files.exists(home)).isFalse();
    }

    @Test
    void finallyAndOnFailureStepsAreListedWithTheirPhaseAndTheRunAgrees() throws IOException {
        Files.writeString(work.resolve("p.yaml"), PIPELINE
                + "  tidy: {uses: concat, inputs: {parts: head.out}, with: {text: tidy}}\n" // not count's twin: that would hit
                + "  alert: {uses: concat, inputs: {parts: load.file}, with: {text: \"${run.status}\"}}\n"
                + "finally: [tidy]\non_failure: [alert]\n");
        JsonNode plan = plan();
        assertThat(decisions(plan)).containsEntry("tidy", "run no_workspace").containsEntry("alert", "skipped only_on_failure");
        assertThat(step(plan, "tidy").get("phase").asText()).isEqualTo("finally");
        assertThat(step(plan, "alert").get("phase").asText()).isEqualTo("on_failure");
        assertThat(step(plan, "head").get("phase").asText()).isEqualTo("main");
        Cli.Result text = cli.run("plan", "p.yaml");
        assertThat(text.out()).contains("  run      tidy (finally)", "  skipped  alert (on_failure)  an on_failure: step: it"
                + " runs after the others only if the run fails\n");

        assertThat(runStatuses()).containsEntry("tidy", "succeeded").containsEntry("alert", "skipped");
        JsonNode again = plan();
        assertThat(decisions(again)).containsEntry("tidy", "cached hit").containsEntry("alert", "skipped only_on_failure");
        assertThat(runStatuses()).isEqualTo(expected(again));
    }

    @Test
    void afterARunEveryStepComesFromTheCacheAndTheNextRunAgrees() throws IOException {
        runStatuses();
        JsonNode plan = plan();
        assertThat(decisions(plan).values()).containsOnly("cached hit");
        assertThat(plan.get("summary").get("cached").asInt()).isEqualTo(5);
        assertThat(step(plan, "count").get("why").asText()).startsWith("cache hit: the outputs of step run ");
        assertThat(runStatuses()).isEqualTo(expected(plan));
    }

    @Test
    void aChangedParameterIsNamedAndWhatReadsTheStepWaitsForIt() throws IOException {
        runStatuses();
        JsonNode plan = plan("-p", "title=other");
        assertThat(decisions(plan)).containsEntry("load", "cached hit").containsEntry("head", "run changed")
                .containsEntry("count", "run upstream_runs").containsEntry("fan[text=a]", "cached hit");
        List<String> changes = new ArrayList<>();
        step(plan, "head").get("changes").forEach(c -> changes.add(c.get("text").asText()));
        assertThat(changes).containsExactly("pipeline parameter title: words -> other", "parameter text: \"words\\n\" ->"
                + " \"other\\n\"");
        assertThat(step(plan, "count").get("why").asText()).isEqualTo("upstream step 'head' runs first, so its inputs are"
                + " not known yet (it comes from the cache if they come out the same)");
        assertThat(cli.run("plan", "p.yaml", "-p", "title=other").out())
                .contains("\n                         pipeline parameter title: words -> other\n");
        assertThat(runStatuses("-p", "title=other")).isEqualTo(expected(plan));
    }

    @Test
    void aChangedInputFileIsNamedWithTheFileItReads() throws IOException {
        runStatuses();
        Files.writeString(work.resolve("words.txt"), "alpha\nbeta\ngamma\n");
        JsonNode plan = plan();
        assertThat(decisions(plan)).containsEntry("load", "run changed");
        JsonNode change = step(plan, "load").get("changes").get(0);
        assertThat(change.get("kind").asText()).isEqualTo("file");
        assertThat(change.get("text").asText()).startsWith("file param path changed (");
        assertThat(runStatuses()).isEqualTo(expected(plan));
    }

    @Test
    void noCacheAndDryRunPlanEveryStepToRun() throws IOException {
        runStatuses();
        assertThat(decisions(plan("--no-cache")).values()).containsOnly("run cache_off");
        Cli.Result dry = cli.run("run", "p.yaml", "--dry-run", "--no-cache");
        assertThat(dry.code()).isZero();
        assertThat(dry.out()).contains("5 would run, 0 from the cache", "the cache is off (--no-cache)");
    }

    @Test
    void planningAndADryRunLeaveTheDatabaseAndTheStoreByteForByteAsTheyWere() throws IOException {
        runStatuses();
        Files.writeString(work.resolve("words.txt"), "changed\n"); // the plan hashes the new file
        Map<String, String> before = ReadOnlyCommandsTest.snapshot(home);
        assertThat(cli.run("plan", "p.yaml").code()).isZero();
        assertThat(cli.run("plan", "p.yaml", "--json", "-p", "title=x").code()).isZero();
        assertThat(cli.run("run", "p.yaml", "--dry-run").code()).isZero();
        assertThat(ReadOnlyCommandsTest.snapshot(home)).isEqualTo(before);
    }

    @Test
    void anInvalidPipelineIsReportedAsByRun() throws IOException {
        Files.writeString(work.resolve("bad.yaml"), "pipeline: bad\nsteps:\n  a: {uses: cuont}\n");
        Cli.Result r = cli.run("plan", "bad.yaml");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("bad.yaml:3:13: unknown component 'cuont'. Did you mean 'count'?\n1 problem in bad.yaml\n");
    }
}
