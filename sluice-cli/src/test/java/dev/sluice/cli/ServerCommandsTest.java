package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.server.ServerConfig;
import dev.sluice.server.SluiceServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI as a client of a real server (in this JVM, over HTTP): {@code run --server} with the same progress and
 * summary as a local run, {@code runs/show/models/promote/audit --server} printing what they print locally, and
 * {@code token create/list/revoke} on the workspace.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    Path root;
    Path pipelines;
    Path serverHome;
    SluiceServer server;
    String url;
    String token;

    @BeforeAll
    void start(@TempDir Path tmp) throws IOException {
        root = tmp;
        pipelines = copy(tmp.resolve("pipelines"), "hello.yaml", "model.yaml", "train.py", "gate.yaml", "wait.py");
        serverHome = tmp.resolve("server-home");
        server = SluiceServer.start(ServerConfig.defaults(serverHome).withPort(0).withRunSlots(2).withStepWorkers(2)
                .withPipelineDirs(List.of(pipelines)).withGrace(Duration.ofSeconds(5)));
        url = "http://127.0.0.1:" + server.port();
        token = server.firstToken().orElseThrow().token();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    static Path copy(Path into, String... names) throws IOException {
        Files.createDirectories(into);
        for (String name : names) {
            try (InputStream in = ServerCommandsTest.class.getResourceAsStream("/server/" + name)) {
                Files.copy(in, into.resolve(name));
            }
        }
        return into;
    }

    /** The CLI on another (empty) local workspace, talking to the server with the admin token. */
    private Cli client() {
        return new Cli(root, Map.of("SLUICE_HOME", root.resolve("client-home").toString(), "SLUICE_TOKEN", token));
    }

    /** The CLI on the server's own workspace, locally. */
    private Cli local() {
        return new Cli(root, Map.of("SLUICE_HOME", serverHome.toString()));
    }

    @Test
    void runsAPipelineOnTheServerWithLiveProgressAndTheLocalSummary() {
        Cli.Result r = client().run("run", pipelines.resolve("hello.yaml").toString(), "--server", url);
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        String runId = lines.getFirst().substring(lines.getFirst().lastIndexOf(' ') + 1);
        assertThat(lines.getFirst()).isEqualTo("running hello-server on " + url + ": 2 steps, run " + runId);
        assertThat(lines).contains("  a  running", "  b  running");
        assertThat(lines.getLast()).startsWith("run " + runId + " succeeded in ").endsWith("(2 succeeded)");
        assertThat(local().run("show", runId).out()).contains("run " + runId + " (hello-server) succeeded");
    }

    @Test
    void runsShowAndModelsThroughTheServerPrintWhatTheyPrintLocally() {
        String runId = firstRun(client().run("run", pipelines.resolve("model.yaml").toString(), "--server", url, "--json"));
        for (List<String> args : List.of(List.of("runs"), List.of("runs", "--json"), List.of("show", runId),
                List.of("show", runId.substring(0, 17), "--json"), List.of("models"), List.of("models", "tiny", "--json"))) {
            Cli.Result remote = client().run(concat(args, "--server", url));
            Cli.Result here = local().run(args.toArray(String[]::new));
            assertThat(remote.code()).as(args + ": " + remote.err()).isZero();
            assertThat(remote.out()).as(String.join(" ", args)).isEqualTo(here.out());
        }
    }

    @Test
    void promotesThroughTheServerAndTheAuditLogSaysWhoDidIt() {
        firstRun(client().run("run", pipelines.resolve("model.yaml").toString(), "--server", url, "--json"));
        Cli.Result promoted = client().run("promote", "tiny", "1", "--alias", "champion", "--server", url);
        assertThat(promoted.code()).as(promoted.err()).isZero();
        assertThat(promoted.out()).startsWith("tiny@champion -> version 1 (sha256:");
        Cli.Result audit = local().run("audit", "--action", "model.promote", "--json");
        JsonNode entries = parse(audit.out()).path("entries");
        assertThat(entries.get(0).path("actor").asText()).isEqualTo("admin");
        assertThat(entries.get(0).path("target").asText()).isEqualTo("tiny@champion");
        assertThat(entries.get(0).path("outcome").asText()).isEqualTo("ok");
        Cli.Result missing = client().run("promote", "tiny", "9", "--server", url);
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("model 'tiny' has no version 9");
    }

    @Test
    void aFileTheServerDoesNotHaveIsNotRunAndTheMessageSaysWhy() throws IOException {
        Path changed = Files.writeString(root.resolve("hello.yaml"), Files.readString(pipelines.resolve("hello.yaml")) + "# edited\n");
        Cli.Result r = client().run("run", changed.toString(), "--server", url);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("sluice: the server at " + url + " has another version of pipeline 'hello-server' (its latest is sha256:")
                .contains("; this file is sha256:").contains("The server runs the files of its --pipelines folders");
        Cli.Result workers = client().run("run", pipelines.resolve("hello.yaml").toString(), "--server", url, "--workers", "2");
        assertThat(workers.code()).isEqualTo(2);
        assertThat(workers.err()).contains("--workers shapes a local run");
        Cli.Result noToken = new Cli(root, Map.of("SLUICE_HOME", root.resolve("nobody").toString()))
                .run("runs", "--server", url);
        assertThat(noToken.code()).isEqualTo(2);
        assertThat(noToken.err()).contains("no token for the server at " + url + ": set SLUICE_TOKEN");
        Cli.Result nobody = client().run("runs", "--server", "http://127.0.0.1:1");
        assertThat(nobody.code()).isEqualTo(1);
        assertThat(nobody.err()).startsWith("sluice: cannot reach the server at http://127.0.0.1:1");
    }

    @Test
    void tokensAreCreatedListedAndRevokedOnTheWorkspaceAndARevokedOneStopsWorking() {
        Cli.Result created = local().run("token", "create", "--role", "viewer", "--name", "dashboard");
        assertThat(created.code()).as(created.err()).isZero();
        String viewer = created.out().strip();
        assertThat(viewer).matches("slt_[0-9a-f]{12}_[A-Za-z0-9_-]{43}");
        assertThat(created.err()).isEqualTo("created viewer token 'dashboard'; it is shown once, above\n");
        Cli viewerCli = new Cli(root, Map.of("SLUICE_HOME", root.resolve("v").toString(), "SLUICE_TOKEN", viewer));
        assertThat(viewerCli.run("runs", "--server", url).code()).isZero();
        Cli.Result denied = viewerCli.run("promote", "tiny", "1", "--server", url);
        assertThat(denied.code()).isEqualTo(2);
        assertThat(denied.err()).contains("the server answered 403 (forbidden)");
        Cli.Result listed = local().run("token", "list");
        assertThat(listed.out()).contains("dashboard").contains("viewer").doesNotContain(viewer);
        assertThat(local().run("token", "create", "--role", "viewer", "--name", "dashboard").err())
                .contains("a token named 'dashboard' exists already");
        assertThat(local().run("token", "revoke", "dashboard").out()).isEqualTo("revoked token 'dashboard'\n");
        Cli.Result revoked = viewerCli.run("runs", "--server", url);
        assertThat(revoked.code()).isEqualTo(2);
        assertThat(revoked.err()).isEqualTo("sluice: the server answered 401 (unauthorized): the token 'dashboard' was revoked\n");
        assertThat(local().run("token", "create", "--role", "boss", "--name", "x").code()).isEqualTo(2);
    }

    private static String firstRun(Cli.Result r) {
        assertThat(r.code()).as(r.err() + r.out()).isZero();
        return parse(r.out()).path("run_id").asText();
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    private static String[] concat(List<String> args, String... more) {
        String[] out = args.toArray(new String[args.size() + more.length]);
        System.arraycopy(more, 0, out, args.size(), more.length);
        return out;
    }
}
