package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.exec.Workspace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code sluice gc --runs} and {@code sluice pin} on a workspace of real runs. */
class GcRunsCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PIPELINE = """
            pipeline: tiny
            retention: {keep_last: 2}
            params:
              n: {type: int, default: 1}
            steps:
              a: {uses: concat, with: {text: "run ${params.n}\\n"}}
              b: {uses: count, inputs: {in: a.out}}
            """;

    @TempDir Path home;
    @TempDir Path work;
    private Cli cli;
    private final List<String> runs = new ArrayList<>();

    @BeforeEach
    void fiveRuns() throws IOException {
        Files.writeString(work.resolve("tiny.yaml"), PIPELINE);
        cli = new Cli(work, Map.of("SLUICE_HOME", home.toString()));
        for (int n = 1; n <= 5; n++) runs.add(run("tiny.yaml", n));
    }

    private String run(String file, int n) throws IOException {
        Cli.Result r = cli.run("run", file, "-p", "n=" + n, "--json");
        assertThat(r.code()).as(r.err()).isZero();
        return JSON.readTree(r.out()).get("run_id").asText();
    }

    private JsonNode json(Cli c, String... args) throws IOException {
        Cli.Result r = c.run(args);
        assertThat(r.code()).as(r.err()).isZero();
        return JSON.readTree(r.out());
    }

    @Test
    void aDryRunListsTheRunsRetentionLetsGoAndDeleteRemovesThem() throws IOException {
        Cli.Result dry = cli.run("gc", "--runs");
        assertThat(dry.code()).as(dry.err()).isZero();
        List<String> lines = dry.out().lines().toList();
        assertThat(lines.getFirst()).isEqualTo("tiny: retention {keep_last: 2} (its pipeline file)");
        assertThat(lines.subList(1, 4)).allMatch(l -> l.startsWith("delete  ")).extracting(l -> l.substring(8, 28))
                .containsExactly(runs.get(0), runs.get(1), runs.get(2));
        assertThat(lines.get(3)).endsWith("  number 3 of tiny from the newest, ended 0 days ago; retention {keep_last: 2}");
        assertThat(lines.get(4)).startsWith("would delete 3 runs and ").contains(" in 3 stored artifacts would become"
                + " collectable: sluice gc --delete");
        assertThat(lines.getLast()).isEqualTo("delete them with: sluice gc --runs --delete");
        assertThat(json(cli, "runs", "--json").get("runs")).as("a dry run deletes nothing").hasSize(5);

        JsonNode plan = json(cli, "gc", "--runs", "--json");
        long storeBytes = plan.get("store_bytes").asLong();
        assertThat(plan.get("deleted").asBoolean()).isFalse();
        assertThat(plan.get("runs").asInt()).isEqualTo(3);
        assertThat(storeBytes).isPositive();

        JsonNode done = json(cli, "gc", "--runs", "--delete", "--json");
        assertThat(done.get("deleted").asBoolean()).isTrue();
        assertThat(done.get("delete")).extracting(d -> d.get("id").asText()).containsExactly(runs.get(0), runs.get(1), runs.get(2));
        assertThat(json(cli, "runs", "--json").get("runs")).extracting(r -> r.get("run_id").asText())
                .containsExactly(runs.get(4), runs.get(3));
        for (int i = 0; i < 3; i++) assertThat(home.resolve("runs").resolve(runs.get(i))).doesNotExist();
        assertThat(cli.run("show", runs.get(0)).code()).as("the run is gone").isEqualTo(2);
        JsonNode store = json(cli, "gc", "--json");
        assertThat(store.get("bytes").asLong()).as("what gc --runs said would become collectable").isEqualTo(storeBytes);
        assertThat(cli.run("gc", "--runs").out()).startsWith("tiny: retention {keep_last: 2} (its pipeline file)\n"
                + "nothing to delete: 2 runs, all kept by their retention\n");
    }

    @Test
    void aPinnedRunIsKeptAndUnpinningLetsItGo() throws IOException {
        Cli.Result pinned = cli.run("pin", runs.get(0).substring(0, 18));
        assertThat(pinned.code()).as(pinned.err()).isZero();
        assertThat(pinned.out()).isEqualTo("pinned run " + runs.get(0) + ": retention keeps it until sluice pin "
                + runs.get(0) + " --unpin\n");
        assertThat(cli.run("pin", runs.get(0)).out()).startsWith("run " + runs.get(0) + " was pinned already (by cli:");
        JsonNode pin = json(cli, "pin", runs.get(0), "--json");
        assertThat(pin.get("pinned").asBoolean()).isTrue();
        assertThat(pin.get("changed").asBoolean()).isFalse();

        assertThat(cli.run("gc", "--runs").out()).contains("\nkeep    " + runs.get(0) + "  tiny  pinned\n");
        json(cli, "gc", "--runs", "--delete", "--json");
        assertThat(json(cli, "runs", "--json").get("runs")).hasSize(3);

        assertThat(cli.run("pin", runs.get(0), "--unpin").out()).isEqualTo("unpinned run " + runs.get(0)
                + ": retention deletes it once its policy lets it go\n");
        assertThat(cli.run("pin", runs.get(0), "--unpin").out()).isEqualTo("run " + runs.get(0) + " was not pinned\n");
        assertThat(json(cli, "gc", "--runs", "--delete", "--json").get("runs").asInt()).isEqualTo(1);
        assertThat(json(cli, "runs", "--json").get("runs")).hasSize(2);

        Cli.Result unknown = cli.run("pin", "20990101-000000-0000");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("no run '20990101-000000-0000' in ");
    }

    @Test
    void theDefaultPolicyComesFromRetentionOrTheEnvironmentAndABadOneIsAUsageError() throws IOException {
        Files.writeString(work.resolve("plain.yaml"), PIPELINE.replace("pipeline: tiny\nretention: {keep_last: 2}\n", "pipeline: plain\n"));
        run("plain.yaml", 7);
        run("plain.yaml", 8);
        assertThat(cli.run("gc", "--runs").out()).contains("plain: no retention (every run is kept)\n");
        assertThat(json(cli, "gc", "--runs", "--retention", "keep_last=1", "--json").get("delete"))
                .extracting(d -> d.get("pipeline").asText()).containsExactly("tiny", "tiny", "tiny", "plain");
        Map<String, String> env = new HashMap<>(cli.env());
        env.put("SLUICE_RETENTION", "keep_days=30");
        Cli withEnv = new Cli(work, env);
        assertThat(withEnv.run("gc", "--runs").out()).contains("plain: retention {keep_days: 30} (the default)\n");

        Cli.Result bad = cli.run("gc", "--runs", "--retention", "keep_last=0");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).startsWith("sluice: --retention: retention 'keep_last=0': keep_last must be at least 1, got 0; write e.g."
                + " keep_days=30,keep_last=100\n");
        env.put("SLUICE_RETENTION", "forever");
        Cli.Result badEnv = new Cli(work, env).run("gc", "--runs");
        assertThat(badEnv.code()).isEqualTo(2);
        assertThat(badEnv.err()).startsWith("sluice: SLUICE_RETENTION: retention 'forever': 'forever' is not NAME=NUMBER");
        Cli.Result alone = cli.run("gc", "--retention", "keep_last=1");
        assertThat(alone.code()).isEqualTo(2);
        assertThat(alone.err()).startsWith("sluice: --retention goes with --runs: sluice gc --runs --retention keep_last=1\n");
    }

    @Test
    void deleteRefusesWhileARunIsGoing() throws Exception {
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try (Workspace ws = Workspace.open(home)) {
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
                Cli.Result refused = cli.run("gc", "--runs", "--delete");
                assertThat(refused.code()).isEqualTo(1);
                assertThat(refused.err()).isEqualTo("sluice gc: run " + handle.runId() + " is going; its newest outputs are"
                        + " not recorded yet and would look unreferenced. Nothing was deleted: run 'sluice gc --runs --delete'"
                        + " again when no run is going.\n");
            } finally {
                release.countDown();
                handle.await();
            }
        }
        assertThat(json(cli, "runs", "--json").get("runs")).hasSize(6);
    }
}
