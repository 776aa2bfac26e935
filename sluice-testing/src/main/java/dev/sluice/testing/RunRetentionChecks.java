package dev.sluice.testing;

import dev.sluice.api.RunStatus;
import dev.sluice.api.StepStatus;
import static dev.sluice.testing.SampleRun.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.meta.MetaWrite;
import dev.sluice.meta.MetadataException;
import dev.sluice.meta.MetadataStore;
import dev.sluice.meta.OutputRow;
import dev.sluice.meta.RunRetention;
import dev.sluice.meta.RunRow;
import dev.sluice.meta.RunTrigger;
import dev.sluice.meta.SweepRow;
import dev.sluice.meta.MetaWrite.RunFinished;
import dev.sluice.meta.MetaWrite.RunStarted;
import dev.sluice.meta.MetaWrite.StepFinished;
import dev.sluice.meta.MetaWrite.StepStarted;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What retention needs from every metadata database ({@link RunRetention}): pins, deleting a run's rows and only
 * its rows, what is never deleted, the runs lineage needs. Run by {@link MetadataStoreContract} on each backend.
 */
abstract class RunRetentionChecks {
    private static final List<String> RUN_TABLES = List.of("runs", "step_runs", "step_params", "metrics", "check_results",
            "step_outputs", "lineage_edges", "run_triggers", "run_sweeps", "run_final_steps");

    /** A store on a new, empty database. */
    abstract MetadataStore store();

    /** A finished sample run with a trigger, a sweep and a final step, so that every table keyed by run has rows of it. */
    private static void sample(MetadataStore store, String runId, long base) {
        List<MetaWrite> w = new ArrayList<>(new SampleRun(runId, base).writes());
        w.add(new MetaWrite.RunTriggered(runId, new RunTrigger("drift", Optional.of(MetaWrite.sha256("report")), "drift")));
        w.add(new MetaWrite.SweepDeclared(new SweepRow(runId, "train", "random", "auc", "maximize", 2, 7L, List.of("eta"))));
        w.add(new MetaWrite.FinalStepDeclared(runId, "cleanup", "finally"));
        record(store, w);
    }

    private static long rows(MetadataStore store, String table, String runId) {
        String where = switch (table) {
            case "runs" -> "id = ?";
            case "step_runs", "run_triggers", "run_sweeps", "run_final_steps" -> "run_id = ?";
            default -> "step_run_id IN (SELECT id FROM step_runs WHERE run_id = ?)";
        };
        return store.sql().read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE " + where)) {
                s.setString(1, runId);
                try (var rs = s.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private static void insertRun(MetadataStore store, String id, String state, Optional<String> resumedFrom) {
        store.sql().write(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO runs (id, pipeline_id, state, started_at, parameters_json,"
                    + " resumed_from, host, pid) VALUES (?, ?, ?, 1, '{}', ?, 'elsewhere', 1)")) {
                s.setString(1, id);
                s.setString(2, SampleRun.PIPELINE.id());
                s.setString(3, state);
                s.setString(4, resumedFrom.orElse(null));
                return s.executeUpdate();
            }
        });
    }

    @Test
    void aPinnedRunStaysPinnedUntilUnpinned() {
        MetadataStore store = store();
        sample(store, "run-1", 0);
        RunRetention r = store.retention();
        assertThat(r.pin("run-1")).isEmpty();
        assertThat(r.pin("run-1", "cli:ann", SampleRun.at(5))).isTrue();
        assertThat(r.pin("run-1", "cli:bob", SampleRun.at(9))).as("pinned already").isFalse();
        assertThat(r.pin("run-1")).contains(new RunRetention.Pin("run-1", SampleRun.at(5), "cli:ann"));
        assertThat(r.pinned()).containsExactly("run-1");
        assertThat(r.unpin("run-1")).isTrue();
        assertThat(r.unpin("run-1")).isFalse();
        assertThat(r.pinned()).isEmpty();
        assertThatThrownBy(() -> r.pin("no-such-run", "cli:ann", SampleRun.at(5)))
                .isInstanceOf(MetadataException.class).hasMessage("no run no-such-run; list runs with: sluice runs");
    }

    @Test
    void deletingARunRemovesEveryRowOfItAndNothingOfAnother() {
        MetadataStore store = store();
        sample(store, "old", 0);
        sample(store, "new", 1000);
        for (String table : RUN_TABLES) assertThat(rows(store, table, "old")).as(table).isPositive();

        assertThat(store.retention().delete(List.of("old"), List.of())).containsExactly("old");

        for (String table : RUN_TABLES) {
            assertThat(rows(store, table, "old")).as(table + " of the deleted run").isZero();
            assertThat(rows(store, table, "new")).as(table + " of the other run").isPositive();
        }
        assertThat(store.queries().run("old")).isEmpty();
        assertThat(store.queries().stepRuns("new")).hasSize(3);
        assertThat(store.retention().delete(List.of("old", "never-was"), List.of())).as("nothing left to delete").isEmpty();
    }

    @Test
    void rowsOfADependentTableGoWithTheirRunAndAMissingTableIsSkipped() {
        MetadataStore store = store();
        sample(store, "old", 0);
        sample(store, "new", 1000);
        store.sql().write(c -> {
            try (var s = c.createStatement()) {
                s.execute("CREATE TABLE module_rows (owner_run TEXT NOT NULL REFERENCES runs (id), n INTEGER NOT NULL)");
                s.execute("INSERT INTO module_rows (owner_run, n) VALUES ('old', 1), ('old', 2), ('new', 3)");
            }
            return 0;
        });
        List<RunRetention.DependentTable> dependents = List.of(new RunRetention.DependentTable("module_rows", "owner_run"),
                new RunRetention.DependentTable("no_such_table", "run_id"));

        assertThat(store.retention().delete(List.of("old"), dependents)).containsExactly("old");

        List<Integer> left = store.sql().read(c -> {
            List<Integer> ns = new ArrayList<>();
            try (var s = c.createStatement(); var rs = s.executeQuery("SELECT n FROM module_rows ORDER BY n")) {
                while (rs.next()) ns.add(rs.getInt(1));
            }
            return ns;
        });
        assertThat(left).containsExactly(3);
    }

    @Test
    void aPinnedQueuedLiveResumedOrModelRunIsNeverDeletedAnInterruptedOneIs() {
        MetadataStore store = store();
        sample(store, "pinned", 0);
        sample(store, "resumed", 10);
        sample(store, "model", 20);
        insertRun(store, "queued", "queued", Optional.of("resumed"));
        record(store, List.of(RunStarted.here("live", SampleRun.PIPELINE.id(), SampleRun.at(30), "{}", Optional.empty()),
                new RunStarted("dead", SampleRun.PIPELINE.id(), SampleRun.at(40), "{}", Optional.empty(), "elsewhere", 1)));
        store.retention().pin("pinned", "cli:ann", SampleRun.at(50));
        store.models().register("churn", new SampleRun("model", 20).model(), Optional.of("model/train#1"), List.of());

        List<String> deleted = store.retention().delete(List.of("pinned", "resumed", "model", "queued", "live", "dead"), List.of());

        assertThat(deleted).containsExactly("dead");
        assertThat(store.queries().runs(10)).extracting(RunRow::id)
                .containsExactlyInAnyOrder("pinned", "resumed", "model", "queued", "live");
    }

    @Test
    void lineageNeedsTheRunsOfRegisteredModelsAndOneProducerOfEachKeptRunsInputs() {
        MetadataStore store = store();
        SampleRun first = new SampleRun("first", 0);
        sample(store, "first", 0);
        sample(store, "again", 500); // produces the same raw input's successors under other ids
        sample(store, "other", 1000);
        // "reuser" took first's split from the cache and trained on its train table
        record(store, List.of(RunStarted.here("reuser", SampleRun.PIPELINE.id(), SampleRun.at(2000), "{}", Optional.empty()),
                new StepStarted("reuser/split#1", "reuser", "split", "split", 1, SampleRun.at(2001), Optional.of("k"), "{}",
                        Optional.empty(), Map.of()),
                new StepFinished("reuser/split#1", StepStatus.CACHED, SampleRun.at(2002), Optional.empty(), Optional.empty(),
                        Map.of(), List.of(), List.of(OutputRow.of("train", first.train())), Optional.of("first/split#1")),
                new RunFinished("reuser", RunStatus.SUCCEEDED, SampleRun.at(2003))));
        SampleRun other = new SampleRun("other", 1000);
        store.models().register("churn", other.model(), Optional.of("other/train#1"), List.of());

        assertThat(store.retention().neededBy(Set.of())).containsExactly(Map.entry("other", "registered model churn v1"));
        assertThat(store.retention().neededBy(Set.of("reuser"))).containsOnly(
                Map.entry("other", "registered model churn v1"), Map.entry("first", "cache source of run reuser"));
        assertThat(store.retention().neededBy(Set.of("first", "again", "other", "reuser"))).isEmpty();
    }

    @Test
    void theArtifactsLeftReferencedAreThoseOfTheOtherRunsAndOfModels() {
        MetadataStore store = store();
        SampleRun old = new SampleRun("old", 0);
        SampleRun kept = new SampleRun("kept", 1000);
        sample(store, "old", 0);
        sample(store, "kept", 1000);
        Set<String> all = store.retention().referencedArtifacts(Set.of());
        assertThat(all).contains(old.table(), old.model(), kept.model(), SampleRun.RAW, MetaWrite.sha256("report"));

        Set<String> withoutOld = store.retention().referencedArtifacts(Set.of("old"));
        assertThat(withoutOld).doesNotContain(old.table(), old.train(), old.test(), old.model())
                .contains(kept.table(), kept.model(), SampleRun.RAW, MetaWrite.sha256("report"));

        store.models().register("churn", old.model(), Optional.empty(), List.of());
        assertThat(store.retention().referencedArtifacts(Set.of("old"))).as("a registered model's artifact").contains(old.model());
        assertThat(store.lineage().referencedArtifacts()).contains(old.model());
    }
}
