package dev.sluice.server;

import dev.sluice.server.trigger.TriggerSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real server on an ephemeral 127.0.0.1 port for trigger tests: a fresh SQLite workspace, a folder of pipeline files
 * written by the test, an environment of its own for webhook secrets, and short polls for the data watcher and the
 * upstream follower.
 */
final class TriggerServer implements AutoCloseable {
    final Path root;
    final Path pipelines;
    final SluiceServer server;
    final Api api;
    final String admin;

    /** @param files pipeline file name to its YAML text */
    TriggerServer(Path root, Map<String, String> files, Map<String, String> env) {
        this(root, files, env, java.time.Clock.systemUTC());
    }

    TriggerServer(Path root, Map<String, String> files, Map<String, String> env, java.time.Clock clock) {
        this.root = root;
        this.pipelines = root.resolve("pipelines");
        try {
            Files.createDirectories(pipelines);
            for (Map.Entry<String, String> f : files.entrySet()) Files.writeString(pipelines.resolve(f.getKey()), f.getValue());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ServerConfig config = ServerConfig.defaults(root.resolve("home")).withPort(0).withRunSlots(2).withStepWorkers(2)
                .withPipelineDirs(List.of(pipelines)).withGrace(Duration.ofSeconds(5));
        TriggerSettings settings = TriggerSettings.defaults().withEnvironment(name -> Optional.ofNullable(env.get(name)))
                .withPolls(Duration.ofMillis(100), Duration.ofMillis(100)).withClock(clock);
        this.server = SluiceServer.start(config, RetentionSchedule.defaults(), settings);
        this.api = new Api(server.port());
        this.admin = server.firstToken().map(FirstToken::token).orElseGet(this::savedAdminToken); // restarted: the file's
    }

    /** The first start's admin token, from the file it wrote ({@code home/server/admin-token}). */
    private String savedAdminToken() {
        try {
            return Files.readString(root.resolve("home").resolve("server").resolve("admin-token")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The ids of the runs of a pipeline, newest first. */
    List<String> runs(String pipeline) {
        List<String> ids = new java.util.ArrayList<>();
        api.get("/api/v1/runs?pipeline=" + pipeline + "&limit=200", admin).json().path("runs")
                .forEach(r -> ids.add(r.path("run_id").asText()));
        return ids;
    }

    /** Waits until a run has ended (60 s at most) and returns its answer. */
    com.fasterxml.jackson.databind.JsonNode awaitEnd(String runId) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            var n = api.get("/api/v1/runs/" + runId, admin).json();
            String s = n.path("status").asText();
            if (!s.equals("queued") && !s.equals("running")) return n;
            if (System.nanoTime() > deadline) throw new AssertionError("run " + runId + " did not end: " + n);
            sleep(20);
        }
    }

    /** Waits until a pipeline has at least {@code n} runs (60 s at most) and returns their ids, newest first. */
    List<String> awaitRuns(String pipeline, int n) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            List<String> ids = runs(pipeline);
            if (ids.size() >= n) return ids;
            if (System.nanoTime() > deadline) throw new AssertionError(pipeline + " has " + ids.size() + " runs, not " + n);
            sleep(50);
        }
    }

    /** Waits until the data watcher has ended {@code n} more polls than now. */
    void awaitPolls(int n) {
        long target = server.dataWatcher().polls() + n;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (server.dataWatcher().polls() < target) {
            if (System.nanoTime() > deadline) throw new AssertionError("the data watcher did not poll " + n + " times");
            sleep(10);
        }
    }

    /** A clock the test moves. */
    static final class TestClock extends java.time.Clock {
        private final java.util.concurrent.atomic.AtomicReference<java.time.Instant> now =
                new java.util.concurrent.atomic.AtomicReference<>(java.time.Instant.now());

        void advance(Duration d) {
            now.updateAndGet(t -> t.plus(d));
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return now.get();
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
