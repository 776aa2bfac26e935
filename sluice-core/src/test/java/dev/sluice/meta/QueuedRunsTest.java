package dev.sluice.meta;

import dev.sluice.api.RunStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs that another component queued under a reserved id (sluice server): the row reads queued, and when the process
 * that claimed it (its host and pid on the row) starts it, the executor's RunStarted takes the row over, keeping the
 * pipeline version it was queued with; a row another process holds is never overwritten.
 */
class QueuedRunsTest {
    @TempDir
    Path home;

    private static void insertRun(MetadataStore store, String id, String state, String host, long pid) {
        store.sql().write(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO runs (id, pipeline_id, state, started_at, parameters_json,"
                    + " host, pid) VALUES (?, ?, ?, 1, '{}', ?, ?)")) {
                s.setString(1, id);
                s.setString(2, TestPipeline.PIPELINE.id());
                s.setString(3, state);
                s.setString(4, host);
                s.setLong(5, pid);
                return s.executeUpdate();
            }
        });
    }

    @Test
    void aQueuedRunReadsQueuedAndTheClaimingProcessStartsItUnderItsId() {
        try (MetadataStore store = MetadataStores.open(home, Optional.empty(), Map.of())) {
            store.writer().submit(TestPipeline.PIPELINE);
            store.writer().flush();
            insertRun(store, "queued-1", "queued", "elsewhere", 1);
            assertThat(store.queries().run("queued-1")).map(RunRow::state).contains(RunStatus.QUEUED);
            insertRun(store, "claimed-here", "running", MetadataStores.localHost(), ProcessHandle.current().pid());
            store.writer().submit(MetaWrite.PipelineSeen.of("churn", "another text", Instant.EPOCH));
            store.writer().submit(MetaWrite.RunStarted.here("claimed-here", MetaWrite.sha256("another text"), Instant.ofEpochMilli(5000),
                    "{\"n\":1}", Optional.empty()));
            store.writer().submit(MetaWrite.RunStarted.here("queued-1", TestPipeline.PIPELINE.id(), Instant.ofEpochMilli(6000),
                    "{\"n\":2}", Optional.empty()));
            store.writer().flush();
            RunRow started = store.queries().run("claimed-here").orElseThrow();
            assertThat(started.state()).isEqualTo(RunStatus.RUNNING);
            assertThat(started.started()).isEqualTo(Instant.ofEpochMilli(5000));
            assertThat(started.parametersJson()).isEqualTo("{\"n\":1}");
            assertThat(started.pipelineId()).as("the version it was queued with").isEqualTo(TestPipeline.PIPELINE.id());
            RunRow untouched = store.queries().run("queued-1").orElseThrow();
            assertThat(untouched.state()).as("another process's row").isEqualTo(RunStatus.QUEUED);
            assertThat(untouched.parametersJson()).isEqualTo("{}");
        }
    }
}
