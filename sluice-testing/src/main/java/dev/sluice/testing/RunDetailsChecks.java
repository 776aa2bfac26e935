package dev.sluice.testing;

import dev.sluice.api.ModelRegistry;
import dev.sluice.api.ModelVersion;
import dev.sluice.meta.MetaWrite;
import dev.sluice.meta.MetadataException;
import dev.sluice.meta.MetadataStore;
import dev.sluice.meta.RunTrigger;
import dev.sluice.meta.SweepRow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static dev.sluice.testing.SampleRun.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every metadata database keeps of a run beside its steps: the model versions registered from it and their
 * aliases, the cause that triggered it, its sweeps, the phase of its final steps. Run by {@link MetadataStoreContract}
 * on each backend.
 */
abstract class RunDetailsChecks {
    /** A store on the test's database, empty at the start of each test. */
    abstract MetadataStore store();

    @Test
    void modelRegistryNumbersVersionsMovesAliasesAndRecordsTheProducersMetrics() {
        MetadataStore store = store();
        SampleRun run = new SampleRun("run-1", 0);
        record(store, run.writes());
        ModelRegistry models = store.models();

        ModelVersion v1 = models.register("churn", run.model(), Optional.of("run-1/train#1"), List.of("challenger"));
        ModelVersion v2 = models.register("churn", run.table(), Optional.empty(), List.of("challenger"));

        assertThat(v1.version()).isEqualTo(1);
        assertThat(v1.runId()).hasValue("run-1");
        assertThat(v1.metrics()).isEqualTo(store.queries().stepRun("run-1", "train").orElseThrow().metrics());
        assertThat(v2.version()).isEqualTo(2);
        assertThat(models.resolve("churn@challenger").orElseThrow().version()).isEqualTo(2);
        assertThat(models.resolve("churn").orElseThrow().version()).isEqualTo(2);
        models.alias("churn", 1, "champion");
        models.alias("churn", 2, "champion");
        ModelVersion back = models.alias("churn", 1, "champion"); // rollback: one command, the previous version
        assertThat(back.version()).isEqualTo(1);
        assertThat(back.aliases()).containsExactly("champion");
        assertThat(models.resolve("churn@champion").orElseThrow().version()).isEqualTo(1);
        assertThat(models.resolve("churn@1").orElseThrow().artifactId()).isEqualTo(v1.artifactId()); // by number
        assertThat(models.resolve("churn@2").orElseThrow().artifactId()).isEqualTo(v2.artifactId());
        assertThat(models.versions("churn")).extracting(ModelVersion::aliases)
                .containsExactly(List.of("challenger"), List.of("champion"));
        assertThat(models.latest()).extracting(ModelVersion::toString).containsExactly("churn@2");
        assertThat(models.resolve("churn@7")).isEmpty();
        assertThatThrownBy(() -> models.alias("churn", 9, "champion")).isInstanceOf(MetadataException.class)
                .hasMessage("model churn has no version 9; list its versions with: sluice models churn");
    }

    @Test
    void aTriggeredRunKeepsItsCauseAndTheCauseFindsTheRun() {
        MetadataStore store = store();
        SampleRun run = new SampleRun("run-1", 0);
        String report = MetaWrite.sha256("drift report");
        List<MetaWrite> writes = new ArrayList<>(run.writes());
        writes.add(2, new MetaWrite.RunTriggered("run-1", RunTrigger.drift(report, "churn@1 drifted on tenure")));
        record(store, writes);
        record(store, new SampleRun("run-2", 1000).writes());

        assertThat(store.queries().trigger("run-1")).hasValue(new RunTrigger("drift", Optional.of(report), "churn@1 drifted on tenure"));
        assertThat(store.queries().trigger("run-2")).isEmpty();
        assertThat(store.queries().runsTriggeredBy(report)).containsExactly("run-1");
        assertThat(store.queries().runsTriggeredBy(run.model())).isEmpty();
        assertThat(store.lineage().referencedArtifacts()).as("gc keeps the report that started a run").contains(report);
    }

    @Test
    void aRunKeepsItsSweepsWithTheirObjective() {
        MetadataStore store = store();
        List<MetaWrite> writes = new ArrayList<>(new SampleRun("run-1", 0).writes());
        SweepRow sweep = new SweepRow("run-1", "gbdt", "random", "auc", "maximize", 12, 7L, List.of("eta", "max_depth"));
        writes.add(2, new MetaWrite.SweepDeclared(sweep));
        record(store, writes);
        record(store, new SampleRun("run-2", 1000).writes());

        assertThat(store.queries().sweeps("run-1")).containsExactly(sweep);
        assertThat(sweep.maximize()).isTrue();
        assertThat(store.queries().sweeps("run-2")).isEmpty();
    }

    @Test
    void aRunKeepsThePhaseOfItsFinalStepsUntilRetentionDeletesIt() {
        MetadataStore store = store();
        List<MetaWrite> writes = new ArrayList<>(new SampleRun("run-1", 0).writes());
        writes.add(2, new MetaWrite.FinalStepDeclared("run-1", "notify", "on_failure"));
        writes.add(2, new MetaWrite.FinalStepDeclared("run-1", "cleanup", "finally"));
        record(store, writes);
        record(store, new SampleRun("run-2", 1000).writes());

        assertThat(store.queries().finalSteps("run-1")).containsExactly(Map.entry("cleanup", "finally"),
                Map.entry("notify", "on_failure"));
        assertThat(store.queries().finalSteps("run-2")).isEmpty();
        assertThat(store.retention().delete(List.of("run-1"), List.of())).containsExactly("run-1");
        assertThat(store.queries().finalSteps("run-1")).isEmpty();
    }
}
