package dev.sluice.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sluice server} and {@code sluice run --server} as real processes: the first start prints the admin token
 * once and writes it to a file only its owner can read; Ctrl-C (here SIGTERM, handled alike) on the client cancels
 * the remote run; SIGTERM stops the server cleanly.
 */
class ServerProcessTest {
    /** A {@code sluice} process and the lines it printed (stdout and stderr together). */
    static final class Sluice {
        final Process process;
        final List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());

        Sluice(Path dir, Map<String, String> env, String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-cp",
                    System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")), Main.class.getName()));
            command.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
            pb.environment().putAll(env);
            process = pb.start();
            Thread.ofVirtual().start(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String l = in.readLine(); l != null; l = in.readLine()) lines.add(l);
                } catch (IOException e) {
                    // ended
                }
            });
        }

        /** The first line matching, waiting for it as the process prints. */
        String await(Predicate<String> match) throws InterruptedException {
            for (int i = 0; i < 2400; i++) {
                synchronized (lines) {
                    for (String l : lines) if (match.test(l)) return l;
                }
                if (!process.isAlive() && i > 0) break;
                Thread.sleep(50);
            }
            throw new AssertionError("never printed the expected line; printed:\n" + String.join("\n", lines));
        }

        int terminate() throws InterruptedException {
            process.toHandle().destroy(); // SIGTERM, keeping our end of its output open
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(200);
            return process.exitValue();
        }
    }

    @Test
    void aNewServerShowsItsTokenOnceAndTheClientsCtrlCCancelsTheRemoteRun(@TempDir Path tmp) throws Exception {
        Path pipelines = ServerCommandsTest.copy(tmp.resolve("pipelines"), "gate.yaml", "wait.py", "hello.yaml");
        Path home = tmp.resolve("home");
        Sluice server = new Sluice(tmp, Map.of("SLUICE_HOME", home.toString()), "server", "--port", "0", "--pipelines",
                pipelines.toString(), "--grace", "2");
        Sluice client = null;
        try {
            String first = server.await(l -> l.startsWith("sluice server on "));
            String url = first.substring("sluice server on ".length(), first.indexOf(" (workspace"));
            assertThat(server.await(l -> l.startsWith("pipelines: "))).isEqualTo("pipelines: gate, hello-server");
            String token = server.await(l -> l.startsWith("  slt_")).strip();
            Path file = home.resolve("server").resolve("admin-token");
            assertThat(Files.readString(file).strip()).isEqualTo(token);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            server.await(l -> l.contains("Ctrl-C stops it"));

            Path gate = tmp.resolve("never-opened");
            client = new Sluice(tmp, Map.of("SLUICE_HOME", tmp.resolve("client").toString(), "SLUICE_TOKEN", token,
                    "SLUICE_SERVER", url), "run", pipelines.resolve("gate.yaml").toString(), "-p", "gate=" + gate);
            String running = client.await(l -> l.startsWith("running gate on " + url));
            String runId = running.substring(running.lastIndexOf(' ') + 1);
            client.await(l -> l.matches("\\s+wait\\s+running.*"));
            assertThat(client.terminate()).isEqualTo(1);
            assertThat(client.lines).contains("cancelling the run (press Ctrl-C again to quit at once)...");
            assertThat(client.lines.getLast()).startsWith("resume with: sluice run ");
            assertThat(String.join("\n", client.lines)).contains("run " + runId + " cancelled in ");
            assertThat(new Cli(tmp, Map.of("SLUICE_HOME", home.toString())).run("show", runId).out())
                    .startsWith("run " + runId + " (gate) cancelled");
        } finally {
            if (client != null) client.process.destroyForcibly();
            server.terminate();
        }
        assertThat(server.lines).contains("sluice server: stopping", "sluice server: stopped");
        assertThat(server.lines.stream().filter(l -> l.contains(token(server))).count()).as("the token is printed once").isEqualTo(1);
    }

    private static String token(Sluice server) {
        return server.lines.stream().filter(l -> l.startsWith("  slt_")).findFirst().orElseThrow().strip();
    }
}
