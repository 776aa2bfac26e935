package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.Component;
import dev.sluice.api.ComponentSpec;
import dev.sluice.api.PortKind;
import dev.sluice.api.StepStatus;
import dev.sluice.exec.LocalExecutor;
import dev.sluice.exec.RunListener;
import dev.sluice.exec.RunOptions;
import dev.sluice.exec.RunResult;
import dev.sluice.exec.Workspace;
import dev.sluice.pipeline.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every part of a step's cache key that README promises: changing it alone is a cache miss on the next run, and
 * {@code sluice why} names it. Each test leaves everything else as it was, so a part left out of the key shows as a
 * stale cache hit here.
 */
class CacheKeyPartsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    @TempDir
    Path work;

    private Cli cli() {
        return new Cli(work, Map.of("SLUICE_HOME", home.toString()));
    }

    /** Runs p.yaml; returns the run's JSON summary. */
    private JsonNode run() throws IOException {
        Cli.Result r = cli().run("run", "p.yaml", "--json");
        assertThat(r.code()).as(r.err() + r.out()).isZero();
        return JSON.readTree(r.out());
    }

    private static String status(JsonNode run, String step) {
        for (JsonNode s : run.get("steps")) if (s.get("name").asText().equals(step)) return s.get("status").asText();
        throw new AssertionError("no step " + step + " in " + run);
    }

    /** The change lines of {@code sluice why RUN STEP} (after its two heading lines). */
    private String why(JsonNode run, String step) {
        Cli.Result r = cli().run("why", run.get("run_id").asText(), step);
        assertThat(r.code()).as(r.err()).isZero();
        return String.join("\n", r.out().lines().skip(2).toList());
    }

    private static String sha(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void commandPipeline(String mode) throws IOException {
        Files.writeString(work.resolve("p.yaml"), """
                pipeline: parts
                steps:
                  cmd: {run: [python3, step.py], code: [lib.py], env: {MODE: %s}}
                """.formatted(mode));
    }

    private void commandFiles(String script, String lib) throws IOException {
        Files.writeString(work.resolve("step.py"), script);
        Files.writeString(work.resolve("lib.py"), lib);
    }

    @Test
    void anUnchangedStepComesFromTheCache() throws IOException {
        commandFiles("print('hi')\n", "X = 1\n");
        commandPipeline("fast");
        run();
        assertThat(status(run(), "cmd")).isEqualTo("cached");
    }

    @Test
    void changingTheStepsEnvIsAMiss() throws IOException {
        commandFiles("print('hi')\n", "X = 1\n");
        commandPipeline("fast");
        run();
        commandPipeline("slow");
        JsonNode second = run();
        assertThat(status(second, "cmd")).isEqualTo("succeeded");
        assertThat(why(second, "cmd")).isEqualTo("  environment variable MODE changed");
    }

    @Test
    void changingACodeFileIsAMiss() throws IOException {
        commandFiles("print('hi')\n", "X = 1\n");
        commandPipeline("fast");
        run();
        commandFiles("print('hi')\n", "X = 2\n");
        JsonNode second = run();
        assertThat(status(second, "cmd")).isEqualTo("succeeded");
        assertThat(why(second, "cmd")).isEqualTo("  file lib.py changed (" + sha("X = 1\n") + " -> " + sha("X = 2\n") + ")");
    }

    @Test
    void changingTheScriptsContentIsAMiss() throws IOException {
        commandFiles("print('hi')\n", "X = 1\n");
        commandPipeline("fast");
        run();
        commandFiles("print('ho')\n", "X = 1\n");
        JsonNode second = run();
        assertThat(status(second, "cmd")).isEqualTo("succeeded");
        assertThat(why(second, "cmd")).isEqualTo("  file step.py changed (" + sha("print('hi')\n") + " -> "
                + sha("print('ho')\n") + ")");
    }

    @Test
    void changingTheContentOfAPathParametersFileIsAMiss() throws IOException {
        Files.writeString(work.resolve("data.txt"), "alpha\n");
        Files.writeString(work.resolve("p.yaml"), """
                pipeline: parts
                steps:
                  load: {uses: file, with: {path: data.txt}}
                """);
        run();
        Files.writeString(work.resolve("data.txt"), "beta\n");
        JsonNode second = run();
        assertThat(status(second, "load")).isEqualTo("succeeded");
        assertThat(why(second, "load")).isEqualTo("  file param path changed (" + sha("alpha\n") + " -> " + sha("beta\n") + ")");
    }

    @Test
    void aNewComponentVersionIsAMiss() throws IOException {
        try (Workspace ws = Workspace.open(home)) {
            RunResult first = new LocalExecutor(RunOptions.defaults(home), ws).run(versioned("1"), RunListener.NONE);
            assertThat(first.step("make").orElseThrow().status()).isEqualTo(StepStatus.SUCCEEDED);
            RunResult same = new LocalExecutor(RunOptions.defaults(home), ws).run(versioned("1"), RunListener.NONE);
            assertThat(same.step("make").orElseThrow().status()).isEqualTo(StepStatus.CACHED);
            RunResult second = new LocalExecutor(RunOptions.defaults(home), ws).run(versioned("2"), RunListener.NONE);
            assertThat(second.step("make").orElseThrow().status()).isEqualTo(StepStatus.SUCCEEDED);
            ws.metadata().writer().flush();
            Cli.Result why = cli().run("why", second.runId(), "make");
            assertThat(why.out().lines().skip(2).toList()).containsExactly("  component: maker@1 -> maker@2");
        }
    }

    /** The same step and behaviour under component version {@code version}. */
    private static Pipeline versioned(String version) {
        Component maker = Component.of(ComponentSpec.builder("maker", version).output("out", PortKind.FILE).build(),
                ctx -> Files.writeString(ctx.outputFile("out", "out.txt"), "made\n"));
        return Pipeline.builder("versioned").step("make", s -> s.uses(maker)).build();
    }
}
