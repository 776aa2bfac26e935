package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.PortKind;
import dev.sluice.exec.Workspace;
import dev.sluice.meta.MetaWrite;
import dev.sluice.store.LocalArtifactStore;
import dev.sluice.store.StoredArtifact;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inspection commands on real recorded runs of a small pipeline (Java built-ins only): a first run, a
 * fully cached second run, and a run with one parameter changed.
 */
class InspectCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PIPELINE = """
            pipeline: inspect
            params:
              title: {type: string, default: words}
            steps:
              load: {uses: file, with: {path: words.txt}}
              head: {uses: concat, inputs: {parts: load.file}, with: {text: "${params.title}"}}
              count: {uses: count, inputs: {in: head.out}, checks: {lines: ">= 2"}}
            """;

    @TempDir
    Path home;

    @TempDir
    Path work;

    private Cli cli;
    private String first;
    private String second;

    @BeforeEach
    void runTwice() throws IOException {
        Files.writeString(work.resolve("words.txt"), "alpha\nbeta\ngamma\n");
        Files.writeString(work.resolve("p.yaml"), PIPELINE);
        cli = new Cli(work, Map.of("SLUICE_HOME", home.toString()));
        first = runId(cli.run("run", "p.yaml", "--json"));
        second = runId(cli.run("run", "p.yaml", "--json"));
    }

    private static String runId(Cli.Result r) throws IOException {
        assertThat(r.code()).as(r.err() + r.out()).isZero();
        return JSON.readTree(r.out()).get("run_id").asText();
    }

    private JsonNode json(String... args) throws IOException {
        Cli.Result r = cli.run(args);
        assertThat(r.code()).as(r.err()).isZero();
        return JSON.readTree(r.out());
    }

    @Test
    void runsListsNewestFirstWithStepCounts() throws IOException {
        JsonNode runs = json("runs", "--json").get("runs");
        assertThat(runs).hasSize(2);
        assertThat(runs.get(0).get("run_id").asText()).isEqualTo(second);
        assertThat(runs.get(0).get("status").asText()).isEqualTo("succeeded");
        assertThat(runs.get(0).get("steps").get("cached").asInt()).isEqualTo(3);
        assertThat(runs.get(1).get("steps").get("succeeded").asInt()).isEqualTo(3);
        assertThat(runs.get(1).get("pipeline").asText()).isEqualTo("inspect");
        assertThat(json("runs", "--json", "--limit", "1").get("runs")).hasSize(1);

        Cli.Result text = cli.run("runs");
        assertThat(text.out().lines().toList()).hasSize(3);
        assertThat(text.out()).startsWith("RUN ").contains(second + "  inspect   succeeded", "3 cached", "3 succeeded");
    }

    @Test
    void showGivesEachStepsStatusAndWhereCachedOutputsCameFrom() throws IOException {
        JsonNode run = json("show", second.substring(0, second.length() - 2), "--json");
        assertThat(run.get("run_id").asText()).isEqualTo(second);
        List<String> names = new ArrayList<>();
        for (JsonNode step : run.get("step_runs")) {
            names.add(step.get("name").asText());
            assertThat(step.get("status").asText()).isEqualTo("cached");
            assertThat(step.get("cache_source_run").asText()).isEqualTo(first);
        }
        // cached steps can start in the same millisecond, so their order in `show` is not asserted
        assertThat(names).containsExactlyInAnyOrder("load", "head", "count");
        JsonNode count = stepRun(json("show", first, "--json"), "count");
        assertThat(count.get("metrics").get("lines").asDouble()).isEqualTo(3.0); // "words" + "alpha\nbeta\ngamma\n"
        assertThat(count.get("checks").get(0).get("passed").asBoolean()).isTrue();
        assertThat(count.get("outputs").get("out").asText()).startsWith("sha256:");
        assertThat(count.get("inputs").get(0).get("producer").asText()).isEqualTo("head");

        assertThat(cli.run("show", first).out()).contains("run " + first + " (inspect) succeeded",
                "check lines = 3, expected >= 2: passed", "log: ");
    }

    @Test
    void anUnknownOrAmbiguousRunIdIsAUsageErrorThatSaysWhatToDo() {
        Cli.Result unknown = cli.run("show", "nope");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("sluice: no run 'nope' in " + home)
                .contains("list the runs with 'sluice runs'");
        Cli.Result ambiguous = cli.run("show", commonPrefix(first, second));
        assertThat(ambiguous.code()).isEqualTo(2);
        assertThat(ambiguous.err()).contains("is ambiguous", first, second, "Give more characters of the id.");
    }

    @Test
    void aHugeOrMalformedIdIsAShortUsageErrorInEveryCommand() {
        String huge = "2".repeat(100_000);
        String notRun = "sluice: '222222222222222222222222...' (100000 characters) is not a run id: run ids have at most 64"
                + " letters, digits, '-', '_' or '.'. Give a run id or a prefix of one, such as 20261127-041502-3fa2.\n";
        for (String[] args : List.of(new String[] {"show", huge}, new String[] {"why", huge, "count"},
                new String[] {"report", huge})) {
            Cli.Result r = cli.run(args);
            assertThat(r.code()).as(args[0]).isEqualTo(2);
            assertThat(r.err()).as(args[0]).isEqualTo(notRun + "Run 'sluice " + args[0] + " --help' for usage.\n");
        }
        Cli.Result lineage = cli.run("lineage", huge);
        assertThat(lineage.code()).isEqualTo(2);
        assertThat(lineage.err()).startsWith("sluice: '222222222222222222222222...' (100000 characters) is not an"
                + " artifact id: ").hasSizeLessThan(300);
        Cli.Result resume = cli.run("run", "p.yaml", "--resume", "x'%_\n" + huge);
        assertThat(resume.code()).isEqualTo(2);
        assertThat(resume.err()).isEqualTo("--resume: 'x'%_\\n" + "2".repeat(19) + "...' (100005 characters) is not a run id:"
                + " run ids have at most 64 letters, digits, '-', '_' or '.'. Give a run id or a prefix of one, such as"
                + " 20261127-041502-3fa2.\n");
    }

    @Test
    void artifactsListsEachWithItsProducer() throws IOException {
        JsonNode artifacts = json("artifacts", "--json").get("artifacts");
        assertThat(artifacts).hasSize(3); // words.txt, head's text, count's metrics
        for (JsonNode a : artifacts) {
            assertThat(a.get("id").asText()).startsWith("sha256:");
            assertThat(a.get("produced_by")).hasSize(1);
            assertThat(a.get("produced_by").get(0).asText()).startsWith(first + "/");
        }
        assertThat(cli.run("artifacts").out()).startsWith("ID ").contains("text/plain", first + "/head#1");
    }

    @Test
    void lineageOfTheLastStepsOutputListsTheFirstStepsInputs() throws IOException {
        JsonNode run = json("show", second, "--json");
        // steps of a fully cached run start within the same millisecond: find them by name, not position
        String out = stepRun(run, "count").get("outputs").get("out").asText();
        String words = stepRun(run, "load").get("outputs").get("file").asText();

        JsonNode lineage = json("lineage", out.substring(7, 19), "--json");
        assertThat(lineage.get("artifact").get("id").asText()).isEqualTo(out);
        List<String> steps = new ArrayList<>();
        lineage.get("upstream").forEach(n -> steps.add(n.get("step").asText() + "@" + n.get("depth").asInt()));
        assertThat(steps).containsExactly("count@1", "head@2", "load@3");
        assertThat(lineage.get("upstream").get(1).get("inputs").get(0).get("artifact").asText()).isEqualTo(words);
        assertThat(lineage.get("upstream").get(2).get("params").get("path").asText()).isEqualTo("words.txt");

        Cli.Result text = cli.run("lineage", out);
        assertThat(text.out()).contains("<- count in run " + first, "<- head in run " + first,
                "input parts: " + words, "<- load in run " + first, "params: path=\"words.txt\"");
        JsonNode down = json("lineage", words, "--json").get("downstream");
        assertThat(down).extracting(n -> n.get("step").asText()).contains("head", "count");
    }

    @Test
    void lineageOfAnUnknownArtifactIsAUsageError() {
        Cli.Result r = cli.run("lineage", "ffffffffffff");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no artifact 'ffffffffffff'", "sluice artifacts");
    }

    @Test
    void whyNamesTheChangedParameterWithItsOldAndNewValues() throws IOException {
        String third = runId(cli.run("run", "p.yaml", "-p", "title=hello", "--json"));
        JsonNode why = json("why", third, "head", "--json");
        assertThat(why.get("decision").asText()).isEqualTo("miss");
        // the most recent earlier step run with a cache key: the cached one of the second run
        assertThat(why.get("compared_with").asText()).isEqualTo(second + "/head#1");
        assertThat(why.get("changes")).anySatisfy(c -> {
            assertThat(c.get("kind").asText()).isEqualTo("param");
            assertThat(c.get("name").asText()).isEqualTo("text");
            assertThat(c.get("before").asText()).isEqualTo("words");
            assertThat(c.get("after").asText()).isEqualTo("hello");
        });
        assertThat(cli.run("why", third, "head").out()).isEqualTo("""
                run %s, step head (succeeded): miss
                Cache miss: compared with the most recent earlier run of this step, %s/head#1 (cached), these changed:
                  pipeline parameter title: words -> hello
                  parameter text: words -> hello
                """.formatted(third, second));
        assertThat(cli.run("why", third, "count").out()).contains("input in: ",
                "(from head.out in run " + second + ", reused from run " + first + ") -> ",
                "(from head.out in run " + third + ")");
    }

    @Test
    void whyForAHitNamesTheSourceRun() throws IOException {
        JsonNode why = json("why", second, "count", "--json");
        assertThat(why.get("decision").asText()).isEqualTo("hit");
        assertThat(why.get("source_run").asText()).isEqualTo(first);
        assertThat(cli.run("why", second, "count").out()).contains("Cache hit: the outputs were reused from step run "
                + first + "/count#1 (run " + first);
    }

    @Test
    void aCheckTightenedInTheFileStopsTheCachedStepAndWhySaysSo() throws IOException {
        Files.writeString(work.resolve("p.yaml"), PIPELINE.replace("\">= 2\"", "\">= 10\""));

        Cli.Result r = cli.run("run", "p.yaml", "--json");

        assertThat(r.code()).as(r.err()).isEqualTo(1);
        JsonNode run = JSON.readTree(r.out());
        assertThat(run.get("status").asText()).isEqualTo("blocked");
        JsonNode count = run.get("steps").get(2);
        assertThat(count.get("status").asText()).isEqualTo("failed");
        assertThat(count.get("error").asText()).isEqualTo("check failed: lines >= 10 (observed 3)");
        String blocked = run.get("run_id").asText();
        JsonNode why = json("why", blocked, "count", "--json");
        assertThat(why.get("decision").asText()).isEqualTo("hit");
        assertThat(why.get("message").asText())
                .startsWith("Cache hit: the outputs were reused from step run " + first + "/count#1 (run " + first)
                .endsWith(". Its checks were evaluated again on the reused metrics for this run: "
                        + "check failed: lines >= 10 (observed 3).");
    }

    @Test
    void whyExplainsAFirstRunAndANoCacheRun() throws IOException {
        assertThat(json("why", first, "load", "--json").get("message").asText())
                .isEqualTo("No earlier run of this step (in runs of pipeline inspect): there was nothing to reuse.");
        String off = runId(cli.run("run", "p.yaml", "--no-cache", "--json"));
        JsonNode why = json("why", off, "head", "--json");
        assertThat(why.get("decision").asText()).isEqualTo("cache_off");
        assertThat(why.get("message").asText()).contains("--no-cache");
        Cli.Result unknown = cli.run("why", off, "haed");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("has no step 'haed'. Did you mean 'head'?");
    }

    @Test
    void gcFindsAnUnreferencedArtifactAndDeletesItOnlyWithDelete() throws IOException {
        assertThat(json("gc", "--json").get("count").asInt()).isZero();
        Path stray = Files.writeString(work.resolve("stray.txt"), "nobody refers to me\n");
        Path folder = Files.createDirectories(work.resolve("folder"));
        Files.writeString(folder.resolve("a.txt"), "in a folder nobody refers to\n");
        StoredArtifact file = new LocalArtifactStore(home).put(stray, PortKind.FILE, false);
        StoredArtifact dir = new LocalArtifactStore(home).put(folder, PortKind.FILE, false);

        JsonNode dry = json("gc", "--json");
        assertThat(dry.get("deleted").asBoolean()).isFalse();
        assertThat(dry.get("count").asInt()).isEqualTo(3); // the file, the folder's manifest and its one file
        assertThat(dry.get("artifacts")).extracting(a -> a.get("id").asText()).contains(file.id(), dir.id());
        assertThat(dry.get("bytes").asLong()).isPositive();
        assertThat(new LocalArtifactStore(home).path(file.digest())).isPresent();

        Cli.Result text = cli.run("gc");
        assertThat(text.out()).contains(file.id()).endsWith("3 unreferenced artifacts, "
                + text.out().lines().toList().getLast().split(", ")[1] + "\n").contains("sluice gc --delete");

        try (Workspace ws = Workspace.open(home)) {   // its bytes kept in the database too, as a run keeps small outputs
            ws.metadata().writer().submit(new MetaWrite.ArtifactStored(file.id(), "file", "text/plain", 20, Instant.now()));
            ws.metadata().writer().submit(new MetaWrite.ArtifactContent(file.id(), Files.readAllBytes(stray)));
            ws.metadata().writer().flush();
            assertThat(ws.metadata().queries().artifactContent(file.id())).isPresent();
        }
        JsonNode deleted = json("gc", "--delete", "--json");
        assertThat(deleted.get("deleted").asBoolean()).isTrue();
        try (Workspace ws = Workspace.open(home)) {
            assertThat(ws.metadata().queries().artifactContent(file.id())).as("kept bytes of a collected blob").isEmpty();
        }
        assertThat(new LocalArtifactStore(home).path(file.digest())).isEmpty();
        assertThat(new LocalArtifactStore(home).path(dir.digest())).isEmpty();
        assertThat(json("gc", "--json").get("count").asInt()).isZero();
        assertThat(cli.run("run", "p.yaml", "--json").out()).contains("\"cached\""); // referenced content survived
    }

    @Test
    void gcDeleteRefusesWhileARunIsGoingAndDeletesNothing() throws Exception {
        StoredArtifact stray;
        Path source = work.resolve("stray.txt");
        Files.writeString(source, "nobody refers to me");
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try (Workspace ws = Workspace.open(home)) {
            stray = ws.store().put(source, PortKind.FILE, false);
            dev.sluice.pipeline.Pipeline waiting = dev.sluice.pipeline.Pipeline.builder("waiting").baseDir(work)
                    .step("wait", s -> s.uses(dev.sluice.api.Component.of(
                            dev.sluice.api.ComponentSpec.builder("wait", "1").build(), ctx -> {
                                started.countDown();
                                release.await();
                            })))
                    .build();
            var handle = new dev.sluice.exec.LocalExecutor(dev.sluice.exec.RunOptions.defaults(home), ws)
                    .start(waiting, dev.sluice.exec.RunListener.NONE);
            try {
                started.await();
                ws.metadata().writer().flush();

                Cli.Result refused = cli.run("gc", "--delete");

                assertThat(refused.code()).isEqualTo(1);
                assertThat(refused.err()).isEqualTo("sluice gc: run " + handle.runId() + " is going; its newest outputs are"
                        + " not recorded yet and would look unreferenced. Nothing was deleted: run 'sluice gc --delete'"
                        + " again when no run is going.\n");
                assertThat(ws.store().path(stray.digest())).as("nothing deleted").isPresent();
            } finally {
                release.countDown();
                handle.await();
            }
        }
        assertThat(json("gc", "--delete", "--json").get("deleted").asBoolean()).as("once the run has ended").isTrue();
        assertThat(new LocalArtifactStore(home).path(stray.digest())).isEmpty();
    }

    @Test
    void reportWritesOnePageWithTheGraphAndTimeline() throws IOException {
        Cli.Result r = cli.run("report", first, "-o", "report.html");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("wrote report.html (run " + first + " of inspect, succeeded)\n");
        String html = Files.readString(work.resolve("report.html"));
        assertThat(html).contains("<svg class=\"dag\"", "<svg class=\"timeline\"", "data-step=\"count\"")
                .doesNotContainPattern("https?://");
        assertThat(cli.run("report", "nope").code()).isEqualTo(2);
    }

    @Test
    void everyInspectionCommandHasHelp() {
        for (String command : List.of("runs", "show", "artifacts", "lineage", "why", "gc", "report")) {
            Cli.Result r = cli.run(command, "--help");
            assertThat(r.code()).as(command).isZero();
            assertThat(r.out()).as(command).startsWith("Usage: sluice " + command).contains("Exit codes:");
        }
    }

    private static String commonPrefix(String a, String b) {
        int i = 0;
        while (i < Math.min(a.length(), b.length()) && a.charAt(i) == b.charAt(i)) i++;
        return a.substring(0, i);
    }

    private static JsonNode stepRun(JsonNode show, String name) {
        for (JsonNode s : show.get("step_runs")) if (s.get("name").asText().equals(name)) return s;
        throw new AssertionError("no step run named " + name + " in " + show);
    }
}
