package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a run records when a step ends in an error of the JVM itself, seen through the commands a user runs. */
@Timeout(300)
class StepErrorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PIPELINE = """
            pipeline: hungry
            steps:
              load: {uses: file, with: {path: words.txt}}
              eat: {uses: dev.sluice.cli.HungryComponent, inputs: {in: load.file}}
              count: {uses: count, inputs: {in: eat.out}}
              other: {uses: count, inputs: {in: load.file}}
            """;

    @TempDir Path work;
    @TempDir Path home;

    @Test
    void anOutOfMemoryStepIsRecordedFailedWithAHintAndItsLogAndTheRunResumes() throws Exception {
        Files.writeString(work.resolve("words.txt"), "alpha\nbeta\n");
        Files.writeString(work.resolve("p.yaml"), PIPELINE);
        Files.writeString(work.resolve("hungry.flag"), "");
        ChildCli child = new ChildCli(work, home, List.of("-Xmx64m"));

        int code = child.run("run", "p.yaml");

        assertThat(code).as(child.output()).isEqualTo(1);
        Cli cli = new Cli(work, Map.of("SLUICE_HOME", home.toString()));
        JsonNode run = json(cli, "runs", "--json").get("runs").get(0);
        assertThat(run.get("status").asText()).as(child.output()).isEqualTo("failed");
        assertThat(run.get("steps").has("running")).as(run.toString()).isFalse();
        String runId = run.get("run_id").asText();
        JsonNode eat = step(json(cli, "show", runId, "--json"), "eat");
        assertThat(eat.get("status").asText()).isEqualTo("failed");
        assertThat(eat.get("error").asText()).startsWith("out of memory (Java heap space): ")
                .contains("raise the heap with SLUICE_JAVA_OPTS=-Xmx");
        assertThat(Path.of(eat.get("log").asText())).content().contains("java.lang.OutOfMemoryError: Java heap space");
        assertThat(child.output()).contains("out of memory (Java heap space)");

        Files.delete(work.resolve("hungry.flag"));
        Cli.Result resumed = cli.run("run", "p.yaml", "--resume", runId, "--json");
        assertThat(resumed.code()).as(resumed.err()).isZero();
        JsonNode steps = JSON.readTree(resumed.out()).get("steps");
        assertThat(steps).extracting(s -> s.get("name").asText() + "=" + s.get("status").asText())
                .containsExactly("load=cached", "eat=succeeded", "count=succeeded", "other=cached");
    }

    @Test
    void aThreeHundredMegabyteLineOfOutputRunsInASmallHeap() throws Exception {
        Files.writeString(work.resolve("long.py"), """
                import sys
                for i in range(300):
                    sys.stdout.write('x' * 1000000)
                print()
                print('{"lines": 1}')
                """);
        Files.writeString(work.resolve("p.yaml"), """
                pipeline: long-line
                steps:
                  long: {run: [python3, long.py]}
                """);
        ChildCli child = new ChildCli(work, home, List.of("-Xmx64m"));

        int code = child.run("run", "p.yaml", "--json");

        assertThat(code).as(child.output()).isZero();
        JsonNode run = JSON.readTree(child.out());
        JsonNode step = run.get("steps").get(0);
        assertThat(step.get("status").asText()).isEqualTo("succeeded");
        assertThat(step.get("metrics").get("lines").asDouble()).isEqualTo(1.0);
        assertThat(Files.size(Path.of(step.get("log").asText()))).isLessThan(2L << 20);
    }

    private static JsonNode json(Cli cli, String... args) throws IOException {
        Cli.Result r = cli.run(args);
        assertThat(r.code()).as(r.err()).isZero();
        return JSON.readTree(r.out());
    }

    private static JsonNode step(JsonNode show, String name) {
        for (JsonNode s : show.get("step_runs")) {
            if (s.get("name").asText().equals(name)) return s;
        }
        throw new AssertionError("no step " + name + " in " + show);
    }
}
