package dev.sluice.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.security.Sluice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many {@code sluice run}s at once in one workspace: {@code sluice.load.runs} runs (100 by default) through the CLI's
 * entry point on threads of this JVM, each with its own workspace handle as a process has, plus
 * {@code sluice.load.processes} (4 by default; {@code bench/load/run} starts 100) as child JVMs at the same time. Half
 * the runs share a parameter value, so cache hits and misses race on the same keys. Every run must succeed and be
 * recorded exactly once with all its steps, and {@code sluice fsck} must find the store and the database consistent.
 */
class ConcurrentRunsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void manyRunsAtOnceAllSucceedAreRecordedOnceAndLeaveTheStoreClean() throws Exception {
        int inProcess = Integer.getInteger("sluice.load.runs", 100);
        int processes = Integer.getInteger("sluice.load.processes", 4);
        Path yaml = dir.resolve("concurrent.yaml");
        Files.writeString(yaml, """
                pipeline: concurrent
                params:
                  n: {type: int, default: 0}
                steps:
                  load:  {uses: file, with: {path: "%s"}}
                  count: {uses: count, inputs: {in: load.file}, checks: {lines: ">= 100"}}
                  echo:  {run: [python3, -c, "import sys; print('{\\"n\\": ' + sys.argv[1] + '}')", "${params.n}"], after: [count]}
                """.formatted(Sluice.repoRoot().resolve("examples/hello/data/iris.csv")));
        Sluice sluice = new Sluice(dir.resolve("ws")).withJvmOptions("-Xmx256m", "-XX:+UseSerialGC");
        long t0 = System.nanoTime();
        List<Sluice.Child> children = new ArrayList<>();
        for (int i = 0; i < processes; i++) children.add(sluice.start("run", yaml.toString(), "-p", "n=" + (i % 2 == 0 ? 0 : i)));
        List<Future<Sluice.Result>> runs = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(Math.min(inProcess, 100))) {
            for (int i = 0; i < inProcess; i++) {
                String n = "n=" + (i % 2 == 0 ? 0 : 1000 + i);
                runs.add(pool.submit(() -> sluice.inProcess("run", yaml.toString(), "-p", n, "--workers", "2")));
            }
        }
        List<Sluice.Result> results = new ArrayList<>();
        for (Future<Sluice.Result> f : runs) results.add(f.get());
        for (Sluice.Child c : children) results.add(c.await());
        double seconds = (System.nanoTime() - t0) / 1e9;
        for (Sluice.Result r : results) assertThat(r.code()).as(r.all()).isZero();

        JsonNode listed = JSON.readTree(sluice.inProcess("runs", "--limit", "100000", "--json").out()).get("runs");
        Set<String> ids = new HashSet<>();
        for (JsonNode run : listed) {
            assertThat(ids.add(run.get("run_id").asText())).as("run %s listed once", run.get("run_id")).isTrue();
            assertThat(run.get("status").asText()).isEqualTo("succeeded");
            int steps = 0;
            for (JsonNode count : run.get("steps")) steps += count.asInt();
            assertThat(steps).as("steps of %s", run.get("run_id")).isEqualTo(3);
        }
        assertThat(ids).hasSize(inProcess + processes);
        Sluice.Result fsck = sluice.inProcess("fsck", "--json");
        assertThat(fsck.code()).as(fsck.all()).isZero();
        assertThat(JSON.readTree(fsck.out()).get("clean").asBoolean()).isTrue();
        System.out.printf("concurrent runs: %d in-process and %d child processes in one workspace, %.1f s, all recorded once,"
                + " fsck clean (%s files)%n", inProcess, processes, seconds, JSON.readTree(fsck.out()).get("files"));
    }

}
