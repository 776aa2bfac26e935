package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Small command-line promises: an unknown command is a usage error whatever follows it; why names true producers. */
class CommandLineUsageTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    @TempDir
    Path work;

    private Cli cli() {
        return new Cli(work, Map.of("SLUICE_HOME", home.toString()));
    }

    @Test
    void anUnknownCommandIsExitTwoEvenWithHelpAfterIt() {
        for (String[] args : new String[][] {{"nosuchcommand", "--help"}, {"nosuchcommand", "-h"}, {"nosuchcommand", "--version"},
                {"--verbose", "nosuchcommand"}, {"nosuchcommand"}}) {
            Cli.Result r = cli().run(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).startsWith("sluice: unknown command 'nosuchcommand'\n").endsWith("Run 'sluice --help' for usage.\n");
        }
    }

    @Test
    void anErrorIsOneLineWithoutAStackTraceUnlessVerbose() {
        Cli c = new Cli(work, Map.of("SLUICE_HOME", home.toString(), "SLUICE_TOKEN", "slt_000000000000_" + "A".repeat(43)));
        Cli.Result plain = c.run("runs", "--server", "http://127.0.0.1:1");
        assertThat(plain.code()).isEqualTo(1);
        assertThat(plain.err()).startsWith("sluice: cannot reach the server at http://127.0.0.1:1").doesNotContain("\tat ");
        assertThat(plain.err().lines()).hasSize(1);

        Cli.Result verbose = c.run("--verbose", "runs", "--server", "http://127.0.0.1:1");
        assertThat(verbose.code()).isEqualTo(1);
        assertThat(verbose.err()).startsWith(plain.err()).contains("\tat dev.sluice.");
    }

    @Test
    void anUnknownCommandSuggestsTheClosestOne() {
        Cli.Result r = cli().run("valdate", "--help");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("""
                sluice: unknown command 'valdate'
                Did you mean: sluice validate?
                Run 'sluice --help' for usage.
                """);
        Cli.Result none = cli().run("xyzzy");
        assertThat(none.err()).contains("Commands: validate, plan, run, components, runs, show");
    }

    @Test
    void helpAndVersionStillWork() {
        assertThat(cli().run("--help").code()).isZero();
        assertThat(cli().run("validate", "--help").code()).isZero();
        assertThat(cli().run("--version").code()).isZero();
    }

    @Test
    void whyNamesTheStepInstanceThatProducedAnInputNotALaterCopy() throws IOException {
        // a's output is a byte-for-byte copy of its input: the same artifact as load[path=words.txt].file
        Files.writeString(work.resolve("words.txt"), "alpha\nbeta\n");
        Files.writeString(work.resolve("p.yaml"), """
                pipeline: why
                steps:
                  load: {uses: file, matrix: {path: [words.txt]}}
                  a: {uses: concat, inputs: {parts: "load[*].file"}}
                """);
        String first = runId();
        Files.writeString(work.resolve("words.txt"), "alpha\nbeta\ngamma\n");
        String second = runId();
        Cli.Result why = cli().run("why", second, "a");
        assertThat(why.out().lines().skip(2).toList()).singleElement().asString()
                .contains("(from load[path=words.txt].file in run " + first + ") -> ")
                .endsWith("(from load[path=words.txt].file in run " + second + ")");
    }

    private String runId() throws IOException {
        Cli.Result r = cli().run("run", "p.yaml", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode node = JSON.readTree(r.out());
        return node.get("run_id").asText();
    }
}
