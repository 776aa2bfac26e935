package dev.sluice.testing;

import dev.sluice.api.RunStatus;
import dev.sluice.api.StepStatus;
import dev.sluice.meta.ArtifactRow;
import dev.sluice.meta.Lineage;
import dev.sluice.meta.MetaWrite;
import dev.sluice.meta.MetaWrite.RunStarted;
import dev.sluice.meta.MetaWrite.StepFinished;
import dev.sluice.meta.MetaWrite.StepStarted;
import dev.sluice.meta.MetadataException;
import dev.sluice.meta.MetadataStore;
import dev.sluice.meta.OutputRow;
import dev.sluice.meta.RunRow;
import dev.sluice.meta.StepRunRow;

import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static dev.sluice.testing.SampleRun.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every metadata database must do, through {@link MetadataStore}'s public API only: records written through
 * the writer read back exactly, cache lookups, lineage, id prefixes, the model registry, retention
 * ({@link RunRetentionChecks}), two stores on one database. Each backend runs it against a real database by
 * extending this class; every test starts from an empty database. The records come from {@link SampleRun}.
 *
 * <pre>{@code
 * class SqliteMetadataStoreTest extends MetadataStoreContract {
 *     @TempDir Path home;
 *     protected void createEmptyDatabase() { }                        // a new @TempDir per test
 *     protected MetadataStore newStore() { return MetadataStores.open(home, Optional.empty()); }
 * }
 * }</pre>
 */
public abstract class MetadataStoreContract {
    /** More records than a writer commits in one transaction (GroupCommitWriter's batch is 1,024). */
    private static final int MANY_RECORDS = 4_096;

    private final List<MetadataStore> opened = new ArrayList<>();

    /** Prepares a new, empty database for the next test. */
    protected abstract void createEmptyDatabase() throws Exception;

    /** A new store instance on the test's database (several may be open at once). */
    protected abstract MetadataStore newStore() throws Exception;

    /** A new store instance on the test's database, closed after the test. */
    protected final MetadataStore openStore() {
        MetadataStore store;
        try {
            store = newStore();
        } catch (Exception e) {
            throw new AssertionError("could not open a store on the test's database", e);
        }
        opened.add(store);
        return store;
    }

    /** Retention's part of the contract, on this backend's database. */
    @Nested
    class Retention extends RunRetentionChecks {
        @Override
        MetadataStore store() {
            return openStore();
        }
    }

    /** Finding runs and artifacts by the ids and prefixes people type, on this backend's database. */
    @Nested
    class IdLookup extends IdLookupChecks {
        @Override
        MetadataStore store() {
            return openStore();
        }
    }

    /** What a run keeps beside its steps (registered models, its cause, sweeps, final steps), on this backend's database. */
    @Nested
    class RunDetails extends RunDetailsChecks {
        @Override
        MetadataStore store() {
            return openStore();
        }
    }

    @BeforeEach
    void emptyDatabase() throws Exception {
        createEmptyDatabase();
    }

    @AfterEach
    void closeStores() {
        opened.forEach(MetadataStore::close);
    }

    @Test
    void migrationsApplyOnAnEmptyDatabaseAndAreIdempotentOnReopen() throws Exception {
        openStore().close();
        openStore().close();
        List<String> applied = openStore().sql().read(c -> {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT version, name FROM schema_version ORDER BY version")) {
                List<String> rows = new ArrayList<>();
                while (rs.next()) rows.add(rs.getInt(1) + " " + rs.getString(2));
                return rows;
            }
        });
        assertThat(applied).containsExactly("1 001_initial.sql", "2 002_models.sql", "3 003_run_trigger.sql",
                "4 004_artifact_content.sql", "5 005_run_sweeps.sql",
                "6 006_check_details.sql", "7 007_run_pins.sql", "8 008_run_final_steps.sql",
                "9 009_step_approvals.sql", "10 010_run_lookup_indexes.sql", "11 011_step_history_index.sql");
    }

    @Test
    void theBytesOfASmallArtifactAreKeptWithItsRecordAndReadBackExactly() {
        MetadataStore store = openStore();
        byte[] bytes = {0, 1, 2, (byte) 0xff, 'a', '\n'};
        String id = MetaWrite.sha256("small");
        record(store, List.of(new MetaWrite.ArtifactStored(id, "file", "text/plain", bytes.length, Instant.now()),
                new MetaWrite.ArtifactContent(id, bytes),
                new MetaWrite.ArtifactContent(id, new byte[]{9}))); // the same artifact again: the first bytes stay
        assertThat(store.queries().artifactContent(id)).hasValueSatisfying(b -> assertThat(b).containsExactly(bytes));
        assertThat(store.queries().artifactContent(MetaWrite.sha256("other"))).isEmpty();
    }

    @Test
    void droppingTheBytesOfAnArtifactRemovesThemAndLeavesOthers() {
        MetadataStore store = openStore();
        String gone = MetaWrite.sha256("collected");
        String kept = MetaWrite.sha256("referenced");
        record(store, List.of(new MetaWrite.ArtifactStored(gone, "file", "text/plain", 1, Instant.now()),
                new MetaWrite.ArtifactContent(gone, new byte[]{1}),
                new MetaWrite.ArtifactStored(kept, "file", "text/plain", 1, Instant.now()),
                new MetaWrite.ArtifactContent(kept, new byte[]{2}),
                new MetaWrite.ArtifactContentDropped(gone),
                new MetaWrite.ArtifactContentDropped(MetaWrite.sha256("never kept"))));
        assertThat(store.queries().artifactContent(gone)).isEmpty();
        assertThat(store.queries().artifactContent(kept)).hasValueSatisfying(b -> assertThat(b).containsExactly(2));
    }

    @Test
    void theSucceededCacheKeysAreReadAtOnceUnlessThereAreTooMany() {
        MetadataStore store = openStore();
        assertThat(store.queries().succeededCacheKeys(10)).hasValue(java.util.Set.of());
        SampleRun run = new SampleRun("run-1", 0);
        record(store, run.writes());
        java.util.Set<String> keys = new java.util.HashSet<>();
        store.queries().stepRuns("run-1").forEach(r -> r.cacheKey().ifPresent(keys::add));
        assertThat(keys).isNotEmpty();
        assertThat(store.queries().succeededCacheKeys(keys.size())).hasValue(keys);
        assertThat(store.queries().succeededCacheKeys(keys.size() - 1)).isEmpty();
    }

    @Test
    void aFullRunRecordedThroughTheWriterReadsBackExactly() {
        MetadataStore store = openStore();
        SampleRun run = new SampleRun("run-1", 0);
        record(store, run.writes());

        RunRow row = store.queries().run("run-1").orElseThrow();
        assertThat(row).isEqualTo(new RunRow("run-1", SampleRun.PIPELINE.id(), "churn", RunStatus.SUCCEEDED,
                SampleRun.at(0), Optional.of(SampleRun.at(100)), "{\"max_depth\":6}", Optional.empty(),
                ((RunStarted) run.writes().get(1)).host(), ProcessHandle.current().pid(), Optional.of(SampleRun.at(0))));
        assertThat(store.queries().stepRuns("run-1")).containsExactly(
                run.expected("load", 10, List.of(OutputRow.of("table", run.table()))),
                run.expected("split", 20, List.of(OutputRow.of("test", run.test()), OutputRow.of("train", run.train()))),
                run.expected("train", 30, List.of(OutputRow.of("model", run.model()))));
        assertThat(store.queries().stepRun("run-1", "split")).contains(
                run.expected("split", 20, List.of(OutputRow.of("test", run.test()), OutputRow.of("train", run.train()))));
        assertThat(store.queries().artifact(run.model())).contains(
                new ArtifactRow(run.model(), "table", "application/parquet", 130, SampleRun.at(35)));
        List<String> artifacts = store.queries().artifacts(100).stream().map(ArtifactRow::id).toList();
        assertThat(artifacts).containsExactlyInAnyOrder(run.model(), run.test(), run.train(), run.table(), SampleRun.RAW);
        assertThat(artifacts.getFirst()).isEqualTo(run.model()); // newest first
        assertThat(artifacts.getLast()).isEqualTo(SampleRun.RAW);
        assertThat(store.queries().runs(10)).containsExactly(row);
    }

    @Test
    void cacheLookupReturnsTheNewestSucceededStepRunAndIgnoresFailedAndCachedOnes() {
        MetadataStore store = openStore();
        record(store, List.of(SampleRun.PIPELINE,
                RunStarted.here("r", SampleRun.PIPELINE.id(), SampleRun.at(0), "{}", Optional.empty())));
        record(store, List.of(
                started("old", 10), finished("old", StepStatus.SUCCEEDED, 20, Optional.empty()),
                started("newer", 30), finished("newer", StepStatus.SUCCEEDED, 40, Optional.empty()),
                started("failed", 50), finished("failed", StepStatus.FAILED, 60, Optional.empty()),
                started("cached", 70), finished("cached", StepStatus.CACHED, 80, Optional.of("newer")),
                started("running", 90)));

        assertThat(store.queries().latestSucceeded("k")).map(StepRunRow::id).contains("newer");
        assertThat(store.queries().latestSucceeded("other-key")).isEmpty();
        assertThat(store.queries().stepRun("r", "cached").orElseThrow().cacheSource()).contains("newer");
    }

    @Test
    void moreRecordsThanOneBatchQueuedAtOnceAllArrive() {
        MetadataStore store = openStore();
        List<MetaWrite> writes = new ArrayList<>();
        for (int i = 0; i < 300; i++) writes.addAll(new SampleRun("g" + i, i).writes());
        assertThat(writes.size()).as("more records than one batch holds").isGreaterThan(MANY_RECORDS);

        writes.forEach(store.writer()::submit);
        store.writer().flush();
        for (int i = 0; i < 15; i++) {  // and one transaction per record, as a flush after each submit makes it
            for (MetaWrite w : new SampleRun("s" + i, i).writes()) {
                store.writer().submit(w);
                store.writer().flush();
            }
        }

        assertThat(store.queries().runs(1000)).hasSize(315).allMatch(r -> r.state() == RunStatus.SUCCEEDED);
        assertThat(store.queries().stepRuns("g299")).hasSize(3);
    }

    @Test
    void aFinishedRunLeavesNoStepRunningAStepWhoseEndWasNotRecordedReadsFailed() {
        MetadataStore store = openStore();
        record(store, List.of(SampleRun.PIPELINE,
                RunStarted.here("r", SampleRun.PIPELINE.id(), SampleRun.at(0), "{}", Optional.empty()),
                started("done", 10), finished("done", StepStatus.SUCCEEDED, 20, Optional.empty()),
                started("lost", 30),
                new MetaWrite.RunFinished("r", RunStatus.FAILED, SampleRun.at(90))));

        StepRunRow lost = store.queries().stepRun("r", "lost").orElseThrow();
        assertThat(lost.state()).isEqualTo(StepStatus.FAILED);
        assertThat(lost.ended()).contains(SampleRun.at(90));
        assertThat(lost.error()).contains("the end of this step was not recorded; the run ended without it (see the step's log)");
        assertThat(store.queries().stepRun("r", "done").orElseThrow().state()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(store.queries().run("r").orElseThrow().state()).isEqualTo(RunStatus.FAILED);
    }

    @Test
    void earlierStepRunsAreThoseOfTheSameStepAndPipelineNameWithACacheKeyNewestFirst() {
        MetadataStore store = openStore();
        MetaWrite.PipelineSeen other = MetaWrite.PipelineSeen.of("other", "pipeline: other\n", SampleRun.at(0));
        record(store, List.of(SampleRun.PIPELINE, other,
                RunStarted.here("r", SampleRun.PIPELINE.id(), SampleRun.at(0), "{}", Optional.empty()),
                RunStarted.here("o", other.id(), SampleRun.at(0), "{}", Optional.empty())));
        record(store, List.of(trainStarted("old", 10), trainStarted("newer", 30), trainStarted("later", 90),
                new StepStarted("no-key", "r", "train", "train", 0, SampleRun.at(40), Optional.empty(), "{}",
                        Optional.empty(), Map.of()),
                new StepStarted("elsewhere", "o", "train", "train", 1, SampleRun.at(50), Optional.of("k"), "{}",
                        Optional.empty(), Map.of())));
        record(store, List.of(new StepStarted("other-step", "r", "split", "split", 1, SampleRun.at(60),
                Optional.of("k"), "{}", Optional.empty(), Map.of())));

        assertThat(store.queries().earlierStepRuns("churn", "train", SampleRun.at(90), 10))
                .extracting(StepRunRow::id).containsExactly("newer", "old");
        assertThat(store.queries().earlierStepRuns("churn", "train", SampleRun.at(90), 1))
                .extracting(StepRunRow::id).containsExactly("newer");
        assertThat(store.queries().earlierStepRuns("churn", "train", SampleRun.at(10), 10)).isEmpty();
    }

    @Test
    void recentStepRunsAreThoseOfTheNewestRunsOfTheNameWhetherRunLatelyOrLongAgo() {
        MetadataStore store = openStore();
        // "churn" under two definitions, run long ago; "often" run lately; "many" has 70 definitions, one run each
        MetaWrite.PipelineSeen churnV2 = MetaWrite.PipelineSeen.of("churn", "pipeline: churn\n# v2\n", SampleRun.at(0));
        List<MetaWrite> writes = new ArrayList<>(List.of(SampleRun.PIPELINE, churnV2));
        String[] churnRuns = {"c1", "c2", "c3", "c4"};
        for (int i = 0; i < churnRuns.length; i++) {
            String pipeline = i % 2 == 0 ? SampleRun.PIPELINE.id() : churnV2.id();
            writes.add(RunStarted.here(churnRuns[i], pipeline, SampleRun.at(10 + i), "{}", Optional.empty()));
            writes.add(stepOf(churnRuns[i], 10 + i));
        }
        for (int i = 0; i < 70; i++) {
            MetaWrite.PipelineSeen many = MetaWrite.PipelineSeen.of("many", "pipeline: many\n# " + i + "\n", SampleRun.at(0));
            writes.add(many);
            writes.add(RunStarted.here("m" + i, many.id(), SampleRun.at(20 + i), "{}", Optional.empty()));
            writes.add(stepOf("m" + i, 20 + i));
        }
        MetaWrite.PipelineSeen often = MetaWrite.PipelineSeen.of("often", "pipeline: often\n", SampleRun.at(0));
        writes.add(often);
        for (int i = 0; i < 300; i++) { // more than the newest runs looked through first
            writes.add(RunStarted.here("o" + i, often.id(), SampleRun.at(100 + i), "{}", Optional.empty()));
            writes.add(stepOf("o" + i, 100 + i));
        }
        record(store, writes);

        assertThat(runsOf(store.queries().recentStepRuns("often", 3))).containsExactly("o299", "o298", "o297");
        assertThat(runsOf(store.queries().recentStepRuns("churn", 3))).containsExactly("c4", "c3", "c2");
        assertThat(runsOf(store.queries().recentStepRuns("churn", 10))).containsExactly("c4", "c3", "c2", "c1");
        assertThat(runsOf(store.queries().recentStepRuns("many", 3))).containsExactly("m69", "m68", "m67");
        assertThat(store.queries().recentStepRuns("never", 3)).isEmpty();
    }

    private static StepStarted stepOf(String run, long at) {
        return new StepStarted(run + "/s", run, "s", "s", 1, SampleRun.at(at), Optional.of("k-" + run), "{}",
                Optional.empty(), Map.of());
    }

    private static List<String> runsOf(List<StepRunRow> rows) {
        return rows.stream().map(StepRunRow::runId).distinct().toList();
    }

    private static StepStarted trainStarted(String id, long at) {
        return new StepStarted(id, "r", "train", "train", 1, SampleRun.at(at), Optional.of("k"), "{}",
                Optional.empty(), Map.of());
    }

    private static StepStarted started(String id, long at) {
        return new StepStarted(id, "r", id, "train", 1, SampleRun.at(at), Optional.of("k"), "{\"code\":\"v1\"}",
                Optional.empty(), Map.of());
    }

    private static StepFinished finished(String id, StepStatus state, long at, Optional<String> source) {
        return new StepFinished(id, state, SampleRun.at(at), Optional.empty(),
                state == StepStatus.FAILED ? Optional.of("boom") : Optional.empty(), Map.of(), List.of(), List.of(), source);
    }

    @Test
    void lineageWalksUpstreamAndDownstreamAcrossThreeSteps() {
        MetadataStore store = openStore();
        SampleRun run = new SampleRun("run-1", 0);
        record(store, run.writes());

        Lineage up = store.lineage().upstream(run.model());
        assertThat(up.nodes()).extracting(n -> n.stepRun().step() + "@" + n.depth())
                .containsExactly("train@1", "split@2", "load@3");
        assertThat(up.nodes().get(0).inputs()).containsExactly(new OutputRow("data", 0, run.train()));
        assertThat(up.nodes().get(0).stepRun().params()).containsEntry("seed", "7");
        assertThat(up.nodes().get(2).inputs()).containsExactly(new OutputRow("data", 0, SampleRun.RAW));

        Lineage down = store.lineage().downstream(SampleRun.RAW);
        assertThat(down.nodes()).extracting(n -> n.stepRun().step() + "@" + n.depth())
                .containsExactly("load@1", "split@2", "train@3");
        assertThat(store.lineage().downstream(run.test()).nodes()).isEmpty();
        assertThat(store.lineage().referencedArtifacts())
                .containsExactlyInAnyOrder(SampleRun.RAW, run.table(), run.train(), run.test(), run.model());
    }

    @Test
    void flushMakesEverythingVisibleToASecondStoreOnTheSameDatabase() {
        MetadataStore writer = openStore();
        MetadataStore reader = openStore();
        SampleRun run = new SampleRun("run-1", 0);
        run.writes().forEach(writer.writer()::submit);
        writer.writer().flush();

        assertThat(reader.queries().run("run-1")).map(RunRow::state).contains(RunStatus.SUCCEEDED);
        assertThat(reader.queries().stepRuns("run-1")).hasSize(3);
    }

    @Test
    void aRunningRunWhoseProcessIsGoneIsReportedInterrupted() throws Exception {
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        long deadPid = finished.pid();
        Instant now = Instant.now();
        MetadataStore store = openStore();
        String thisHost = RunStarted.here("any", SampleRun.PIPELINE.id(), now, "{}", Optional.empty()).host();
        record(store, List.of(SampleRun.PIPELINE,
                new RunStarted("dead-here", SampleRun.PIPELINE.id(), now, "{}", Optional.empty(), thisHost, deadPid),
                RunStarted.here("alive-here", SampleRun.PIPELINE.id(), now, "{}", Optional.empty()),
                new RunStarted("silent-elsewhere", SampleRun.PIPELINE.id(), now.minusSeconds(600), "{}",
                        Optional.empty(), "another-host", 1),
                new RunStarted("beating-elsewhere", SampleRun.PIPELINE.id(), now.minusSeconds(600), "{}",
                        Optional.empty(), "another-host", 1),
                new MetaWrite.Heartbeat("beating-elsewhere", now)));

        assertThat(store.queries().run("dead-here")).map(RunRow::state).contains(RunStatus.INTERRUPTED);
        assertThat(store.queries().run("alive-here")).map(RunRow::state).contains(RunStatus.RUNNING);
        assertThat(store.queries().run("silent-elsewhere")).map(RunRow::state).contains(RunStatus.INTERRUPTED);
        assertThat(store.queries().run("beating-elsewhere")).map(RunRow::state).contains(RunStatus.RUNNING);
        assertThat(store.queries().runs(10)).filteredOn(r -> r.id().equals("dead-here"))
                .extracting(RunRow::state).containsExactly(RunStatus.INTERRUPTED);
    }

    @Test
    void twoStoresWritingRunsConcurrentlyBothFinishWithAllRowsPresent() throws Exception {
        MetadataStore first = openStore();
        MetadataStore second = openStore();
        record(first, List.of(SampleRun.PIPELINE));
        int runsEach = 40;
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Future<?> a = pool.submit(() -> writeRuns(first, "a", runsEach));
            Future<?> b = pool.submit(() -> writeRuns(second, "b", runsEach));
            a.get();
            b.get();
        }
        List<RunRow> runs = first.queries().runs(1000);
        assertThat(runs).hasSize(2 * runsEach).allMatch(r -> r.state() == RunStatus.SUCCEEDED);
        for (RunRow r : runs) {
            assertThat(first.queries().stepRuns(r.id())).as(r.id()).hasSize(3);
        }
    }

    private static void writeRuns(MetadataStore store, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            new SampleRun(prefix + "-" + i, i * 1000L).writes().forEach(store.writer()::submit);
            if (i % 5 == 4) store.writer().flush(); // like an executor at run ends: many small commits
        }
        store.writer().flush();
    }

    @Test
    void aRecordThatCannotBeWrittenIsReportedByFlushAndTheRestOfTheBatchIsKept() {
        MetadataStore store = openStore();
        store.writer().submit(SampleRun.PIPELINE);
        store.writer().submit(new StepStarted("orphan", "no-such-run", "s", "s", 1, SampleRun.at(0),
                Optional.empty(), "{}", Optional.empty(), Map.of()));
        store.writer().submit(RunStarted.here("good", SampleRun.PIPELINE.id(), SampleRun.at(0), "{}", Optional.empty()));

        assertThatThrownBy(store.writer()::flush)
                .isInstanceOf(MetadataException.class)
                .hasMessageContaining("could not record 1 metadata record(s) in " + store.describe())
                .hasMessageContaining("stepRunId=orphan");
        assertThat(store.queries().run("good")).isPresent();
        store.writer().flush(); // the failure was reported once; the writer goes on
    }

    @Test
    void aClosedStoreRejectsNewRecordsAndSaysWhy() {
        MetadataStore store = openStore();
        store.close();
        store.close();
        assertThatThrownBy(() -> store.writer().submit(SampleRun.PIPELINE))
                .isInstanceOf(MetadataException.class)
                .hasMessage("the metadata writer for " + store.describe() + " is closed; open the store again to record more");
    }

    @Test
    void aStepRunRecordedAtOnceReadsAsTheSameStepRunRecordedStartedThenEnded() {
        MetadataStore store = openStore();
        record(store, new SampleRun("src", 0).writes());
        record(store, List.of(RunStarted.here("r", SampleRun.PIPELINE.id(), SampleRun.at(100), "{}", Optional.empty())));
        java.util.function.Function<String, StepStarted> start = id -> new StepStarted(id, "r", id, "train", 1, SampleRun.at(110),
                Optional.of("k"), "{\"code\":\"v1\"}", Optional.empty(), Map.of("rate", "0.5"));
        java.util.function.Function<String, StepFinished> end = id -> new StepFinished(id, StepStatus.CACHED, SampleRun.at(110),
                Optional.empty(), Optional.empty(), Map.of("auc", 0.9), List.of(), List.of(OutputRow.of("model", SampleRun.RAW)),
                Optional.of("src/load"));
        record(store, List.of(start.apply("apart"), new MetaWrite.Consumed("apart", "data", 0, SampleRun.RAW), end.apply("apart"),
                new MetaWrite.StepRecorded(start.apply("once"), List.of(new MetaWrite.Consumed("once", "data", 0, SampleRun.RAW)),
                        end.apply("once"))));

        StepRunRow apart = store.queries().stepRun("r", "apart").orElseThrow();
        StepRunRow once = store.queries().stepRun("r", "once").orElseThrow();
        assertThat(once.state()).isEqualTo(StepStatus.CACHED);
        assertThat(once).usingRecursiveComparison().ignoringFields("id", "step").isEqualTo(apart);
        assertThat(edges(store, "once")).isEqualTo(edges(store, "apart")).containsExactly("consumed data 0 " + SampleRun.RAW);
    }

    private static List<String> edges(MetadataStore store, String stepRunId) {
        return store.sql().read(c -> {
            try (var s = c.prepareStatement("SELECT direction, port, pos, artifact_id FROM lineage_edges WHERE step_run_id = ?"
                    + " ORDER BY direction, port, pos")) {
                s.setString(1, stepRunId);
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getInt(3) + " " + rs.getString(4));
                }
                return rows;
            }
        });
    }
}
