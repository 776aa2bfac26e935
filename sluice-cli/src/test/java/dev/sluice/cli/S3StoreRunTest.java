package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.PortKind;
import dev.sluice.s3.S3ArtifactStore;
import dev.sluice.s3.S3Location;
import dev.sluice.s3.S3Server;
import dev.sluice.store.Digest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code SLUICE_STORE=s3://bucket/prefix} end to end: {@code sluice run} as a real process against a real
 * S3-compatible server (S3Mock on 127.0.0.1, started by {@link S3Server}); outputs land in the bucket, a second run
 * (on another machine: a fresh workspace cache, the same metadata) is taken whole from the cache, and {@code gc}
 * lists and deletes what no run refers to.
 */
class S3StoreRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    private final S3Server server = S3Server.get();
    private final S3Client raw = server.client();
    private final String prefix = S3Server.freshPrefix();

    @AfterEach
    void close() {
        raw.close();
    }

    @Test
    void theHelloExampleStoresItsOutputsInTheBucketAndASecondRunIsTakenWholeFromTheCache() throws Exception {
        Path home = tmp.resolve("home");
        JsonNode first = runJson(home, "run", "examples/hello/pipeline.yaml", "--json");
        assertThat(first.path("status").asText()).isEqualTo("succeeded");

        Set<String> keys = keys();
        List<String> outputs = outputIds(home);
        assertThat(outputs).hasSizeGreaterThanOrEqualTo(8);
        for (String id : outputs) {
            String hex = Digest.parse(id).hex();
            assertThat(keys).as("%s in the bucket", id).contains(prefix + "blobs/" + hex.substring(0, 2) + "/" + hex);
        }
        assertThat(Files.exists(home.resolve("store/blobs"))).as("nothing in the local store").isFalse();

        deleteTree(home.resolve("s3-cache")); // the next run reads the bucket, not what this machine kept
        JsonNode second = runJson(home, "run", "examples/hello/pipeline.yaml", "--json");
        assertThat(second.path("status").asText()).isEqualTo("succeeded");
        for (JsonNode step : second.path("steps")) {
            assertThat(step.path("status").asText()).as(step.path("name").asText()).isEqualTo("cached");
        }
        assertThat(keys()).isEqualTo(keys);
    }

    @Test
    void gcListsThenDeletesOnlyWhatNoRunRefersTo() throws Exception {
        Path home = tmp.resolve("home");
        assertThat(runJson(home, "run", "examples/hello/pipeline.yaml", "--json").path("status").asText()).isEqualTo("succeeded");
        Path stray = Files.writeString(tmp.resolve("stray.txt"), "nobody refers to me");
        Digest strayDigest;
        try (S3ArtifactStore other = new S3ArtifactStore(server.client(), true, new S3Location(S3Server.BUCKET, prefix),
                tmp.resolve("other-machine"), 8L << 20, "S3Mock")) {
            strayDigest = other.put(stray, PortKind.FILE, false).digest();
        }
        Set<String> before = keys();

        JsonNode dry = runJson(home, "gc", "--json");
        assertThat(dry.path("deleted").asBoolean()).isFalse();
        assertThat(dry.path("artifacts")).singleElement().satisfies(a -> {
            assertThat(a.path("id").asText()).isEqualTo(strayDigest.toString());
            assertThat(a.path("size").asLong()).isEqualTo(19);
        });
        assertThat(keys()).isEqualTo(before);

        JsonNode deleted = runJson(home, "gc", "--delete", "--json");
        assertThat(deleted.path("deleted").asBoolean()).isTrue();
        assertThat(deleted.path("bytes").asLong()).isEqualTo(19);
        Set<String> after = new HashSet<>(before);
        after.remove(prefix + "blobs/" + strayDigest.hex().substring(0, 2) + "/" + strayDigest.hex());
        assertThat(keys()).isEqualTo(after);

        deleteTree(home.resolve("s3-cache"));
        for (JsonNode step : runJson(home, "run", "examples/hello/pipeline.yaml", "--json").path("steps")) {
            assertThat(step.path("status").asText()).as(step.path("name").asText()).isEqualTo("cached");
        }
    }

    // ---- helpers

    private List<String> outputIds(Path home) throws Exception {
        List<String> ids = new ArrayList<>();
        for (JsonNode a : runJson(home, "artifacts", "--json").path("artifacts")) ids.add(a.path("id").asText());
        return ids;
    }

    private Set<String> keys() {
        Set<String> keys = new HashSet<>();
        raw.listObjectsV2Paginator(b -> b.bucket(S3Server.BUCKET).prefix(prefix)).contents().forEach(o -> keys.add(o.key()));
        return keys;
    }

    /** Runs {@code sluice ARGS} as a child process from the repository root with the store in the bucket. */
    private JsonNode runJson(Path home, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(tmp, "out", ".json");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(Cli.repoRoot().toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        Map<String, String> env = new HashMap<>(server.env(prefix));
        env.put("SLUICE_HOME", home.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("sluice " + String.join(" ", args) + " did not end in 3 minutes: " + Files.readString(err));
        }
        String stderr = Files.readString(err);
        assertThat(p.exitValue()).as("sluice %s: %s", String.join(" ", args), stderr).isZero();
        assertThat(stderr).as("no secret in what sluice printed").doesNotContain("test-secret");
        return JSON.readTree(Files.readString(out));
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                p.toFile().setWritable(true);
                if (p.getParent() != null) p.getParent().toFile().setWritable(true);
                Files.delete(p);
            }
        }
    }
}
