package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No process a command step started outlives its run, whatever happens to {@code sluice run}: kill -9 (the command
 * dies with it, what it started is killed by the next run in the workspace, here the resume), or a second Ctrl-C
 * (exit 130 at once). One Ctrl-C cancels the run: it ends {@code cancelled}, exit 1. Real child processes and real
 * signals.
 */
@Timeout(300)
class ProcessCleanupTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Starts a background sleep, writes "own pid, sleep pid" to the pipeline folder, then holds while a file exists. */
    private static final String SPAWN = """
            import os, subprocess, sys, time
            sleeper = subprocess.Popen(['sleep', '301'], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            out = os.path.join(os.environ['SLUICE_PIPELINE_DIR'], sys.argv[1])
            with open(out + '.tmp', 'w') as f:
                f.write('%d %d' % (os.getpid(), sleeper.pid))
            os.rename(out + '.tmp', out)
            while os.path.exists(sys.argv[2]):
                time.sleep(0.1)
            """;

    @TempDir Path work;
    @TempDir Path home;
    private final List<Process> children = new ArrayList<>();
    private final List<Long> watched = new ArrayList<>();

    @AfterEach
    void stopEverything() {
        children.forEach(Process::destroyForcibly);
        watched.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    private ChildCli child(String pipeline) throws IOException {
        Files.writeString(work.resolve("spawn.py"), SPAWN);
        Files.writeString(work.resolve("p.yaml"), pipeline);
        Files.writeString(work.resolve("hold.flag"), "");
        return new ChildCli(work, home, List.of("-Xmx256m"));
    }

    /** The pids the spawn step wrote: the command's own and its background sleep's. */
    private List<Long> spawned() throws InterruptedException, IOException {
        Path pids = work.resolve("pids.txt");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(pids)) {
            if (System.nanoTime() > deadline) throw new AssertionError("the spawn step did not start within 60 s");
            Thread.sleep(20);
        }
        List<Long> pid = List.of(Files.readString(pids).trim().split(" ")).stream().map(Long::parseLong).toList();
        watched.addAll(pid);
        return pid;
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static void awaitDeath(long pid, String what) throws Exception {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty()) return;
        try {
            h.get().onExit().get(20, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError(what + " (pid " + pid + ") is still running");
        }
    }

    @Test
    void aKilledRunsCommandDiesWithItAndTheResumeKillsWhatItStarted() throws Exception {
        ChildCli cli = child("""
                pipeline: spawner
                steps:
                  spawn: {run: [python3, spawn.py, pids.txt, hold.flag]}
                  after: {run: [python3, -c, "print('after')"], after: [spawn]}
                """);
        Process run = cli.start("run", "p.yaml");
        children.add(run);
        List<Long> pids = spawned();

        run.destroyForcibly(); // SIGKILL: no handler, no shutdown hook runs
        assertThat(run.waitFor(20, TimeUnit.SECONDS)).isTrue();

        awaitDeath(pids.get(0), "the command of the killed run");
        assertThat(alive(pids.get(1))).as("what the command started lives on until the next run").isTrue();
        Cli inProcess = new Cli(work, Map.of("SLUICE_HOME", home.toString()));
        JsonNode killed = JSON.readTree(inProcess.run("runs", "--json").out()).get("runs").get(0);
        assertThat(killed.get("status").asText()).isEqualTo("interrupted");
        Files.delete(work.resolve("hold.flag"));
        Files.delete(work.resolve("pids.txt"));

        Cli.Result resumed = inProcess.run("run", "p.yaml", "--resume", killed.get("run_id").asText(), "--json");

        assertThat(resumed.code()).as(resumed.err()).isZero();
        awaitDeath(pids.get(1), "the killed run's background sleep, after the resume");
        List<Long> again = spawned();
        awaitDeath(again.get(1), "the resumed step's own background sleep");
    }

    @Test
    void oneCtrlCCancelsTheRunWhichEndsCancelledWithExitOneAndNothingOfItSucceeds() throws Exception {
        ChildCli cli = child("""
                pipeline: spawner
                steps:
                  spawn: {run: [python3, spawn.py, pids.txt, hold.flag]}
                  after: {run: [python3, -c, "print('after')"], after: [spawn]}
                """);
        Process run = cli.start("run", "p.yaml");
        children.add(run);
        List<Long> pids = spawned();

        signal(run, "INT");

        assertThat(run.waitFor(60, TimeUnit.SECONDS)).as(cli.output()).isTrue();
        assertThat(run.exitValue()).as(cli.output()).isEqualTo(1);
        awaitDeath(pids.get(0), "the cancelled command");
        awaitDeath(pids.get(1), "what the cancelled command started");
        JsonNode cancelled = JSON.readTree(new Cli(work, Map.of("SLUICE_HOME", home.toString()))
                .run("show", "--json", lastRunId()).out());
        assertThat(cancelled.get("status").asText()).isEqualTo("cancelled");
        assertThat(cancelled.get("step_runs").findValuesAsText("status")).as(cancelled.toString())
                .isNotEmpty().doesNotContain("succeeded", "running");
    }

    @Test
    void finallyGraceSetsHowLongTheFinallyStepsOfACancelledRunMayTake() throws Exception {
        ChildCli cli = child("""
                pipeline: spawner
                steps:
                  spawn: {run: [python3, spawn.py, pids.txt, hold.flag]}
                  cleanup: {run: [python3, -c, "import time; time.sleep(15); print('cleaned')"]}
                finally: [cleanup]
                """);
        Process run = cli.start("run", "p.yaml", "--finally-grace", "0s");
        children.add(run);
        spawned();

        signal(run, "INT");

        assertThat(run.waitFor(60, TimeUnit.SECONDS)).as(cli.output()).isTrue();
        JsonNode cancelled = JSON.readTree(new Cli(work, Map.of("SLUICE_HOME", home.toString()))
                .run("show", "--json", lastRunId()).out());
        assertThat(cancelled.get("status").asText()).isEqualTo("cancelled");
        assertThat(stepStatus(cancelled, "cleanup")).as("with no grace the cleanup is stopped, not awaited").isEqualTo("cancelled");

        Cli.Result bad = new Cli(work, Map.of("SLUICE_HOME", home.toString())).run("run", "p.yaml", "--finally-grace", "soon");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--finally-grace soon: write a duration such as 500ms, 30s");
    }

    private static String stepStatus(JsonNode run, String step) {
        for (JsonNode s : run.get("step_runs")) {
            if (s.path("name").asText().equals(step)) return s.path("status").asText();
        }
        throw new AssertionError("no step " + step + " in " + run);
    }

    private String lastRunId() throws IOException {
        Cli.Result runs = new Cli(work, Map.of("SLUICE_HOME", home.toString())).run("runs", "--json");
        return JSON.readTree(runs.out()).get("runs").get(0).get("run_id").asText();
    }

    @Test
    void aSecondCtrlCExitsAt130AndLeavesNoProcessOfTheRunBehind() throws Exception {
        ChildCli cli = child("""
                pipeline: stubborn
                steps:
                  spawn: {run: [python3, spawn.py, pids.txt, hold.flag]}
                  stuck: {uses: dev.sluice.cli.StubbornComponent}
                """);
        Files.writeString(work.resolve("stubborn.flag"), "");
        Process run = cli.start("run", "p.yaml");
        children.add(run);
        List<Long> pids = spawned();

        signal(run, "INT");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!cli.output().contains("cancelling the run")) {
            if (System.nanoTime() > deadline) throw new AssertionError("no reaction to the first SIGINT: " + cli.output());
            Thread.sleep(20);
        }
        signal(run, "INT");

        assertThat(run.waitFor(30, TimeUnit.SECONDS)).as(cli.output()).isTrue();
        assertThat(run.exitValue()).isEqualTo(130);
        awaitDeath(pids.get(0), "the command");
        awaitDeath(pids.get(1), "what the command started");
    }

    private static void signal(Process p, String name) throws Exception {
        int code = new ProcessBuilder("kill", "-s", name, Long.toString(p.pid())).inheritIO().start().waitFor();
        assertThat(code).as("kill -s " + name).isZero();
    }
}
