package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Commands that only read (issue 20) never create a workspace and leave an existing one byte for byte as it was:
 * listings say there is none and list nothing (exit 0), lookups say there is none (exit 2).
 */
class ReadOnlyCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PIPELINE = """
            pipeline: readonly
            steps:
              load: {uses: file, with: {path: words.txt}}
              count: {uses: count, inputs: {in: load.file}, checks: {lines: ">= 2"}}
            """;

    @TempDir
    Path work;

    private Cli cli() throws IOException {
        Files.writeString(work.resolve("words.txt"), "alpha\nbeta\ngamma\n");
        Files.writeString(work.resolve("p.yaml"), PIPELINE);
        return new Cli(work, Map.of());
    }

    @Test
    void listingsInAFolderWithoutAWorkspaceListNothingAndCreateNothing() throws IOException {
        Cli cli = cli();
        Path home = work.resolve(".sluice");
        String none = "no workspace in " + home + ": nothing has run here yet; run a pipeline first (sluice run FILE),"
                + " or set SLUICE_HOME to the folder that holds one\n";
        for (String command : List.of("runs", "artifacts", "models")) {
            Cli.Result text = cli.run(command);
            assertThat(text.code()).as(command).isZero();
            assertThat(text.out()).as(command).isEqualTo(none);
            assertThat(Files.exists(home)).as(command + " created " + home).isFalse();
        }
        assertThat(JSON.readTree(cli.run("runs", "--json").out())).isEqualTo(JSON.readTree("{\"runs\": []}"));
        assertThat(JSON.readTree(cli.run("artifacts", "--json").out())).isEqualTo(JSON.readTree("{\"artifacts\": []}"));
        assertThat(JSON.readTree(cli.run("models", "--json").out())).isEqualTo(JSON.readTree("[]"));
        assertThat(Files.exists(home)).isFalse();
    }

    @Test
    void lookupsInAFolderWithoutAWorkspaceAreUsageErrorsAndCreateNothing() throws IOException {
        Cli cli = cli();
        Path home = work.resolve(".sluice");
        List<String[]> lookups = List.of(new String[] {"show", "20261127-0420"},
                new String[] {"why", "20261127-0420", "count"}, new String[] {"lineage", "3e5d652f"},
                new String[] {"report", "20261127-0420", "-o", "page.html"}, new String[] {"models", "churn"});
        for (String[] args : lookups) {
            Cli.Result r = cli.run(args);
            assertThat(r.code()).as(args[0]).isEqualTo(2);
            assertThat(r.err()).as(args[0]).contains("no workspace in " + home + ": nothing has run here yet");
            assertThat(Files.exists(home)).as(args[0] + " created " + home).isFalse();
        }
        assertThat(Files.exists(work.resolve("page.html"))).isFalse();
        assertThat(cli.run("validate", "p.yaml").code()).isZero();
        assertThat(cli.run("components").code()).isZero();
        assertThat(Files.exists(home)).isFalse();
        try (Stream<Path> files = Files.list(work)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("p.yaml", "words.txt");
        }
    }

    @Test
    void readingAWorkspaceLeavesEveryFileOfItAsItWas() throws IOException {
        Cli cli = cli();
        Cli.Result run = cli.run("run", "p.yaml", "--json");
        assertThat(run.code()).as(run.err()).isZero();
        String runId = JSON.readTree(run.out()).get("run_id").asText();
        String artifact = "";
        for (JsonNode step : JSON.readTree(cli.run("show", runId, "--json").out()).get("step_runs")) {
            if (step.get("name").asText().equals("count")) artifact = step.get("outputs").get("out").asText();
        }
        Path home = work.resolve(".sluice");
        Path report = Files.createTempDirectory("report").resolve("page.html");
        Map<String, String> before = snapshot(home);

        List<String[]> reads = List.of(new String[] {"runs"}, new String[] {"runs", "--json"},
                new String[] {"show", runId}, new String[] {"show", runId, "--json"}, new String[] {"artifacts"},
                new String[] {"lineage", artifact}, new String[] {"why", runId, "count"}, new String[] {"models"},
                new String[] {"validate", "p.yaml"}, new String[] {"components", "count"},
                new String[] {"report", runId, "-o", report.toString()});
        for (String[] args : reads) {
            Cli.Result r = cli.run(args);
            assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isZero();
            assertThat(snapshot(home)).as(String.join(" ", args)).isEqualTo(before);
        }
    }

    /** Every file under {@code root} (relative path) to the SHA-256 of its bytes; folders map to "folder". */
    static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                String name = root.relativize(p).toString();
                out.put(name, Files.isDirectory(p) ? "folder" : sha256(Files.readAllBytes(p)));
            }
        }
        return out;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
