package dev.sluice.exec;

import dev.sluice.api.RunStatus;
import dev.sluice.api.StepStatus;
import dev.sluice.meta.MetadataStores;
import dev.sluice.meta.RunRow;
import dev.sluice.meta.StepRunRow;
import dev.sluice.store.Digest;
import dev.sluice.store.FileDigests;
import dev.sluice.store.LocalArtifactStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs recorded in a real workspace (SQLite and a local store): caching, resume, corruption, kill -9. */
class DurableRunTest {
    @TempDir
    Path home;
    @TempDir
    Path dir;
    Workspace ws;

    @BeforeEach
    void open() {
        ws = Workspace.open(home);
    }

    @AfterEach
    void close() {
        ws.close();
    }

    private RunResult run(Map<String, Object> bParams) {
        return run(bParams, new RunOptions(2, false, home));
    }

    private RunResult run(Map<String, Object> bParams, RunOptions options) {
        return new LocalExecutor(options, ws).run(Chain.pipeline(dir, bParams), RunListener.NONE);
    }

    private List<String> ran() throws IOException {
        Path f = dir.resolve("runs.txt");
        List<String> lines = Files.exists(f) ? Files.readAllLines(f) : List.of();
        Files.deleteIfExists(f);
        return lines;
    }

    private static Map<String, StepStatus> statuses(RunResult r) {
        Map<String, StepStatus> m = new java.util.TreeMap<>();
        r.steps().forEach(s -> m.put(s.name(), s.status()));
        return m;
    }

    @Test
    void anUnchangedPipelineIsTakenWholeFromTheCache() throws IOException {
        RunResult first = run(Map.of());
        assertThat(first.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(ran()).containsExactlyInAnyOrder("a", "b", "c", "d");

        RunResult second = run(Map.of());
        assertThat(statuses(second)).containsOnly(Map.entry("a", StepStatus.CACHED), Map.entry("b", StepStatus.CACHED),
                Map.entry("c", StepStatus.CACHED), Map.entry("d", StepStatus.CACHED));
        assertThat(ran()).isEmpty();
        assertThat(Files.readString((Path) second.step("c").orElseThrow().outputs().get("out"))).isEqualTo("hello++");
        StepRunRow c = ws.metadata().queries().stepRun(second.runId(), "c").orElseThrow();
        assertThat(c.state()).isEqualTo(StepStatus.CACHED);
        assertThat(c.cacheSource()).hasValue(Journal.stepRunId(first.runId(), "c", 1));
    }

    @Test
    void changingOneParameterRerunsExactlyTheStepsDownstreamOfIt() throws IOException {
        run(Map.of());
        ran();
        RunResult changed = run(Map.of("suffix", "!"));
        assertThat(ran()).containsExactlyInAnyOrder("b", "c");
        assertThat(statuses(changed)).containsEntry("a", StepStatus.CACHED).containsEntry("d", StepStatus.CACHED)
                .containsEntry("b", StepStatus.SUCCEEDED).containsEntry("c", StepStatus.SUCCEEDED);
        assertThat(Files.readString((Path) changed.step("c").orElseThrow().outputs().get("out"))).isEqualTo("hello!+");
    }

    @Test
    void noCacheRunsEveryStepAndStillRecordsIt() throws IOException {
        run(Map.of());
        ran();
        RunResult again = run(Map.of(), new RunOptions(2, false, home).withNoCache(true));
        assertThat(ran()).containsExactlyInAnyOrder("a", "b", "c", "d");
        assertThat(ws.metadata().queries().stepRuns(again.runId())).extracting(StepRunRow::state).containsOnly(StepStatus.SUCCEEDED);
    }

    @Test
    void aLostSmallCachedArtifactIsWrittenBackFromTheDatabaseAndStaysAHit() throws IOException {
        RunResult first = run(Map.of());
        ran();
        String aOut = ws.metadata().queries().stepRun(first.runId(), "a").orElseThrow().outputs().getFirst().artifactId();
        ws.store().delete(Digest.parse(aOut)); // as if a power cut lost the blob, which is never fsynced on its own

        RunResult second = run(Map.of());
        assertThat(second.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(ran()).isEmpty();
        assertThat(statuses(second)).containsEntry("a", StepStatus.CACHED).containsEntry("b", StepStatus.CACHED);
        assertThat(Files.readString(ws.store().path(Digest.parse(aOut)).orElseThrow())).isEqualTo("hello");
    }

    @Test
    void aSmallCachedArtifactChangedInPlaceIsNoticedByItsContentAndWrittenBack() throws IOException {
        RunResult first = run(Map.of());
        ran();
        String aOut = ws.metadata().queries().stepRun(first.runId(), "a").orElseThrow().outputs().getFirst().artifactId();
        Path blob = ws.store().path(Digest.parse(aOut)).orElseThrow();
        java.nio.file.attribute.FileTime mtime = Files.getLastModifiedTime(blob);
        blob.toFile().setWritable(true);
        Files.writeString(blob, "HELLO"); // same size, and the modification time put back: only the bytes tell
        Files.setLastModifiedTime(blob, mtime);

        RunResult second = run(Map.of());
        assertThat(ran()).isEmpty();
        assertThat(statuses(second)).containsEntry("a", StepStatus.CACHED).containsEntry("b", StepStatus.CACHED);
        assertThat(Files.readString(blob)).isEqualTo("hello");
        assertThat(Files.readString((Path) second.step("c").orElseThrow().outputs().get("out"))).isEqualTo("hello++");
    }

    @Test
    void aMissingCachedArtifactWithoutKeptBytesIsAMissNotAnError() throws IOException {
        RunResult first = run(Map.of());
        ran();
        String aOut = ws.metadata().queries().stepRun(first.runId(), "a").orElseThrow().outputs().getFirst().artifactId();
        // a store that cannot read the database's copy (as for an artifact too big to be kept there)
        try (Workspace bare = new Workspace(home, new LocalArtifactStore(home, true),
                MetadataStores.open(home, Optional.empty()), FileDigests.open(home))) {
            bare.store().delete(Digest.parse(aOut));
            RunResult second = new LocalExecutor(new RunOptions(2, false, home), bare).run(Chain.pipeline(dir, Map.of()),
                    RunListener.NONE);
            assertThat(second.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(ran()).containsExactly("a");
            assertThat(statuses(second)).containsEntry("a", StepStatus.SUCCEEDED).containsEntry("b", StepStatus.CACHED);
        }
    }

    @Test
    void resumeRerunsOnlyTheStepsThatDidNotSucceed() throws IOException {
        Files.writeString(dir.resolve("broken"), "");
        RunResult failed = run(Map.of("fail_if", "broken"));
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(statuses(failed)).containsEntry("b", StepStatus.FAILED).containsEntry("c", StepStatus.BLOCKED);
        ran();

        Files.delete(dir.resolve("broken"));
        RunResult resumed = run(Map.of("fail_if", "broken"),
                new RunOptions(2, false, home).withNoCache(true).withResume(failed.runId()));
        assertThat(resumed.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(ran()).containsExactlyInAnyOrder("b", "c");
        assertThat(statuses(resumed)).containsEntry("a", StepStatus.CACHED).containsEntry("d", StepStatus.CACHED);
        assertThat(ws.metadata().queries().run(resumed.runId()).orElseThrow().resumedFrom()).hasValue(failed.runId());
    }

    @Test
    void twoRunsSharingOneHomeAtOnceBothFinish() throws Exception {
        try (Workspace other = Workspace.open(home)) {
            var a = new LocalExecutor(new RunOptions(1, false, home), ws).start(Chain.pipeline(dir, Map.of("suffix", "1")), RunListener.NONE);
            var b = new LocalExecutor(new RunOptions(1, false, home), other).start(Chain.pipeline(dir, Map.of("suffix", "2")), RunListener.NONE);
            assertThat(a.await().status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(b.await().status()).isEqualTo(RunStatus.SUCCEEDED);
        }
        assertThat(ws.metadata().queries().runs(10)).extracting(RunRow::state).containsOnly(RunStatus.SUCCEEDED).hasSize(2);
    }

    @Test
    void aRunKilledWithSigkillIsInterruptedAndResumesWithoutRedoingFinishedSteps() throws Exception {
        Files.writeString(dir.resolve("hold"), "");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Chain.class.getName(), home.toString(), dir.toString(), "hold")
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        try {
            waitUntil(() -> Files.exists(dir.resolve("b.started")) && Files.exists(dir.resolve("c.started")) == false
                    && succeededSteps() >= 2, "steps a and d recorded and b running");
            child.destroyForcibly();
            assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        RunRow killed = ws.metadata().queries().runs(1).getFirst();
        assertThat(killed.state()).isEqualTo(RunStatus.INTERRUPTED);
        for (StepRunRow s : ws.metadata().queries().stepRuns(killed.id())) {
            for (var out : s.outputs()) assertThat(ws.store().verify(Digest.parse(out.artifactId()))).isTrue();
        }
        assertThat(ran()).containsExactlyInAnyOrder("a", "d", "b");

        Files.delete(dir.resolve("hold"));
        RunResult resumed = run(Map.of("hold", "hold"), new RunOptions(2, false, home).withNoCache(true).withResume(killed.id()));
        assertThat(resumed.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(ran()).containsExactlyInAnyOrder("b", "c");
        assertThat(statuses(resumed)).containsEntry("a", StepStatus.CACHED).containsEntry("d", StepStatus.CACHED);
    }

    private long succeededSteps() {
        List<RunRow> runs = ws.metadata().queries().runs(1);
        if (runs.isEmpty()) return 0;
        return ws.metadata().queries().stepRuns(runs.getFirst().id()).stream()
                .filter(s -> s.state() == StepStatus.SUCCEEDED).count();
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for: " + what);
            Thread.sleep(50);
        }
    }
}
