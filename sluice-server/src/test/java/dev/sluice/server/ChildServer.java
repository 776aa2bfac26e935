package dev.sluice.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A server in a child JVM (see {@link TestServerMain}): its port, its output, and SIGTERM or SIGKILL. */
final class ChildServer implements AutoCloseable {
    final Process process;
    final int port;
    final Api api;
    private final StringBuffer output = new StringBuffer();
    private final Thread reader;

    ChildServer(Path home, Path pipelines, int slots, int graceSeconds, Map<String, String> env) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "-Xshare:auto", "--enable-native-access=ALL-UNNAMED",
                TestServerMain.class.getName(), home.toString(), pipelines.toString(), Integer.toString(slots),
                Integer.toString(graceSeconds)));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    output.append(line).append('\n');
                    if (line.startsWith("listening on ")) listening.complete(Integer.parseInt(line.substring(13).strip()));
                }
            } catch (IOException e) {
                // the process ended
            }
            listening.completeExceptionally(new AssertionError("the server process ended before it listened:\n" + output));
        });
        try {
            port = listening.get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new AssertionError("the server process did not start:\n" + output, e);
        }
        api = new Api(port);
    }

    /** The admin token the first server of a workspace wrote. */
    static String adminToken(Path home) {
        try {
            return Files.readString(home.resolve("server").resolve("admin-token")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything the process printed (stdout and stderr), so far or, after it ended, all. */
    String output() throws InterruptedException {
        if (!process.isAlive()) reader.join(10_000);
        return output.toString();
    }

    /** SIGTERM, then waits for the process to end; returns its exit code. */
    int stop() throws InterruptedException {
        process.toHandle().destroy(); // Process.destroy() would also close our end of its output, losing what it prints
        if (!process.waitFor(120, TimeUnit.SECONDS)) throw new AssertionError("the server did not stop after SIGTERM:\n" + output);
        return process.exitValue();
    }

    /** SIGKILL: the process gets no chance to record anything. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
