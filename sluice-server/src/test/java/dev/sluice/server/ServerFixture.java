package dev.sluice.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A real server on an ephemeral 127.0.0.1 port, on a fresh workspace (SQLite) under a temporary folder, watching a
 * copy of the test pipelines; its first admin token at hand.
 */
final class ServerFixture implements AutoCloseable {
    static final List<String> PIPELINE_FILES = List.of("chain.yaml", "gate.yaml", "wait.py", "model.yaml", "train.py", "broken.yaml");

    final Path root;
    final Path home;
    final Path pipelines;
    final SluiceServer server;
    final Api api;
    final String admin;

    ServerFixture(Path root) {
        this(root, c -> c);
    }

    ServerFixture(Path root, UnaryOperator<ServerConfig> configure) {
        this(root, configure, RetentionSchedule.defaults());
    }

    ServerFixture(Path root, UnaryOperator<ServerConfig> configure, RetentionSchedule retention) {
        this.root = root;
        this.home = root.resolve("home");
        this.pipelines = copyPipelines(root.resolve("pipelines"));
        ServerConfig config = ServerConfig.defaults(home).withPort(0).withRunSlots(2).withStepWorkers(2)
                .withPipelineDirs(List.of(pipelines)).withGrace(Duration.ofSeconds(5));
        this.server = SluiceServer.start(configure.apply(config), retention);
        this.api = new Api(server.port());
        this.admin = server.firstToken().orElseThrow().token();
    }

    static Path copyPipelines(Path into) {
        try {
            Files.createDirectories(into);
            for (String name : PIPELINE_FILES) {
                try (InputStream in = ServerFixture.class.getResourceAsStream("/pipelines/" + name)) {
                    Files.copy(in, into.resolve(name));
                }
            }
            return into;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new token with a role, through the API. */
    String token(String name, String role) {
        Api.Reply r = api.post("/api/v1/tokens", admin, java.util.Map.of("name", name, "role", role));
        if (r.status() != 201) throw new AssertionError("token create answered " + r.status() + ": " + r.text());
        return r.json().path("token").asText();
    }

    /** Queues a run and returns its id. */
    String submit(String pipeline, java.util.Map<String, Object> params) {
        Api.Reply r = api.post("/api/v1/runs", admin, java.util.Map.of("pipeline", pipeline, "params", params));
        if (r.status() != 201) throw new AssertionError("run submit answered " + r.status() + ": " + r.text());
        return r.json().path("run_id").asText();
    }

    @Override
    public void close() {
        server.close();
    }
}
