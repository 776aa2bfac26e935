package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.StepStatus;
import dev.sluice.exec.Workspace;
import dev.sluice.meta.RunRow;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sluice approve} against a run that waits, in this process or in another one, and after that process was
 * killed: the decision is in the workspace database, so a resumed run uses it.
 */
@Timeout(180)
class ApproveCommandTest {
    private static final String PIPELINE = """
            pipeline: release
            steps:
              build: {run: [python3, -c, "print('built')"]}
              gate: {uses: approve, after: [build]}
              ship: {run: [python3, -c, "print('shipped')"], after: [gate]}
            """;

    @TempDir Path work;
    @TempDir Path home;
    private Cli cli;

    @BeforeEach
    void setUp() throws Exception {
        Files.writeString(work.resolve("release.yaml"), PIPELINE);
        cli = new Cli(work, Map.of("SLUICE_HOME", home.toString(), "USER", "alice"));
    }

    /** The newest run once its step {@code gate} is recorded waiting (bounded by the test's timeout). */
    private String waitingRun() throws InterruptedException {
        return waitingRun(home);
    }

    private static String waitingRun(Path home) throws InterruptedException {
        while (true) {
            if (Workspace.exists(home)) {
                try (Workspace ws = Workspace.openForReading(home).orElseThrow()) {
                    List<RunRow> runs = ws.metadata().queries().runs(1);
                    if (!runs.isEmpty()) {
                        String id = runs.getFirst().id();
                        if (ws.metadata().queries().stepRun(id, "gate").map(r -> r.state() == StepStatus.WAITING).orElse(false)) {
                            return id;
                        }
                    }
                }
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    @Test
    void approvingAWaitingStepLetsTheRunFinishAndShowSaysWhoDecided() throws Exception {
        CompletableFuture<Cli.Result> running = CompletableFuture.supplyAsync(() -> cli.run("run", "release.yaml"));
        String run = waitingRun();

        Cli.Result notWaiting = cli.run("approve", run, "build");
        assertThat(notWaiting.code()).isEqualTo(2);
        assertThat(notWaiting.err()).contains("step 'build' of run " + run + " does not wait for a decision (it is succeeded)");

        Cli.Result approved = cli.run("approve", run.substring(0, 17), "gate", "--comment", "numbers look right", "--json");
        assertThat(approved.code()).as(approved.err()).isEqualTo(0);
        JsonNode d = new ObjectMapper().readTree(approved.out());
        assertThat(d.path("decision").asText()).isEqualTo("approved");
        assertThat(d.path("by").asText()).isEqualTo("alice");
        assertThat(d.path("comment").asText()).isEqualTo("numbers look right");

        Cli.Result result = running.get(60, TimeUnit.SECONDS);
        assertThat(result.code()).as(result.err()).isEqualTo(0);

        Cli.Result again = cli.run("approve", run, "gate", "--reject");
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.out()).contains("was decided already: approved by alice");

        Cli.Result show = cli.run("show", run);
        assertThat(show.out()).contains("approval: step 'gate' approved by alice at ").contains(": numbers look right");
        JsonNode shown = new ObjectMapper().readTree(cli.run("show", run, "--json").out());
        assertThat(shown.path("approvals").get(0).path("by").asText()).isEqualTo("alice");
    }

    @Test
    void rejectingFailsTheRunAndBlocksWhatFollows() throws Exception {
        CompletableFuture<Cli.Result> running = CompletableFuture.supplyAsync(() -> cli.run("run", "release.yaml"));
        String run = waitingRun();

        assertThat(cli.run("approve", run, "gate", "--reject", "--comment", "not this week").code()).isEqualTo(0);

        Cli.Result result = running.get(60, TimeUnit.SECONDS);
        assertThat(result.code()).isEqualTo(1);
        Cli.Result show = cli.run("show", run);
        assertThat(show.out()).contains("rejected by alice").contains("blocked");
    }

    @Test
    void aRunKilledWhileWaitingIsDecidedWhileDownAndItsResumeUsesTheDecision() throws Exception {
        ChildCli child = new ChildCli(work, home, List.of());
        Process p = child.start("run", "release.yaml");
        String run;
        try {
            run = waitingRun();
        } finally {
            p.destroyForcibly(); // kill -9 while the step waits
            p.waitFor(30, TimeUnit.SECONDS);
        }
        Cli.Result approved = cli.run("approve", run, "gate", "--comment", "decided while it was down");
        assertThat(approved.code()).as(approved.err()).isEqualTo(0);

        Cli.Result resumed = cli.run("run", "release.yaml", "--resume", run);
        assertThat(resumed.code()).as(resumed.out() + resumed.err()).isEqualTo(0);
        try (Workspace ws = Workspace.openForReading(home).orElseThrow()) {
            String id = ws.metadata().queries().runs(1).getFirst().id();
            assertThat(id).isNotEqualTo(run);
            assertThat(ws.metadata().queries().stepRun(id, "ship").orElseThrow().state()).isEqualTo(StepStatus.SUCCEEDED);
            assertThat(dev.sluice.meta.StepApprovals.of(ws.metadata()).find(id, "gate").map(a -> a.comment()))
                    .hasValue(Optional.of("decided while it was down"));
        }
    }

    @Test
    void approvingThroughAServerWakesTheRunThatWaitsThere(@TempDir Path tmp) throws Exception {
        Path pipelines = Files.createDirectories(tmp.resolve("pipelines"));
        Files.writeString(pipelines.resolve("release.yaml"), PIPELINE);
        Path serverHome = tmp.resolve("server-home");
        try (dev.sluice.server.SluiceServer server = dev.sluice.server.SluiceServer.start(dev.sluice.server.ServerConfig
                .defaults(serverHome).withPort(0).withRunSlots(1).withStepWorkers(1).withPipelineDirs(List.of(pipelines)))) {
            String url = "http://127.0.0.1:" + server.port();
            Cli client = new Cli(tmp, Map.of("SLUICE_HOME", tmp.resolve("client-home").toString(),
                    "SLUICE_TOKEN", server.firstToken().orElseThrow().token()));
            CompletableFuture<Cli.Result> running = CompletableFuture.supplyAsync(() ->
                    client.run("run", pipelines.resolve("release.yaml").toString(), "--server", url));
            String run = waitingRun(serverHome);

            Cli.Result approved = client.run("approve", run, "gate", "--comment", "from afar", "--server", url);
            assertThat(approved.code()).as(approved.err()).isEqualTo(0);
            assertThat(approved.out()).contains("step 'gate' of run " + run + " approved by admin at ").contains(": from afar");
            Cli.Result result = running.get(60, TimeUnit.SECONDS);
            assertThat(result.code()).as(result.out() + result.err()).isEqualTo(0);

            Cli.Result again = client.run("approve", run, "gate", "--reject", "--server", url);
            assertThat(again.code()).isEqualTo(1);
            assertThat(again.out()).contains("was decided already: approved by admin");
            assertThat(client.run("show", run, "--server", url).out()).contains("approval: step 'gate' approved by admin at ");
        }
    }
}
