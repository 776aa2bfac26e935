package dev.sluice.meta;

import dev.sluice.api.RunStatus;
import dev.sluice.api.StepStatus;
import dev.sluice.store.StoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The metadata writer when the store cannot make the files its records refer to durable (its before-commit fsync
 * fails): those records are never committed, nor any later one but the ends of runs, so the run reads failed with no
 * step running, and the flush says why. Real SQLite.
 */
@Timeout(60)
class FailedSyncWriterTest {
    @TempDir Path dir;
    private MetadataStore store;

    @AfterEach
    void close() {
        if (store != null) store.close();
    }

    @Test
    void afterAFailedFsyncOnlyTheEndsOfRunsAreCommitted() throws Exception {
        store = JdbcMetadataStore.open(Database.sqlite(dir.resolve("sluice.db")));
        AtomicBoolean failing = new AtomicBoolean();
        store.writer().beforeEachCommit(() -> {
            if (failing.get()) throw new StoreException("could not fsync 'store/blobs/ab/ab12' in the artifact store");
        });
        store.writer().submit(TestPipeline.PIPELINE);
        store.writer().submit(MetaWrite.RunStarted.here("r", TestPipeline.PIPELINE.id(), TestPipeline.at(0), "{}", Optional.empty()));
        store.writer().submit(new MetaWrite.StepStarted("r/s#1", "r", "s", "s", 1, TestPipeline.at(1), Optional.empty(), "{}",
                Optional.empty(), Map.of()));
        store.writer().flush();
        long committed = store.writer().committed();
        assertThat(committed).isEqualTo(store.writer().submitted()).isEqualTo(3);

        failing.set(true);
        store.writer().submit(new MetaWrite.StepFinished("r/s#1", StepStatus.SUCCEEDED, TestPipeline.at(2), Optional.empty(),
                Optional.empty(), Map.of(), java.util.List.of(), java.util.List.of(), Optional.empty()));
        assertThatThrownBy(() -> store.writer().flush()).isInstanceOf(MetadataException.class)
                .hasMessage("could not record 1 metadata record(s) in " + store.describe() + ":\n  what they refer to"
                        + " may not be durable: could not fsync 'store/blobs/ab/ab12' in the artifact store");
        failing.set(false); // a later fsync that reports success proves nothing: the writer stays stopped
        store.writer().submit(new MetaWrite.RunFinished("r", RunStatus.FAILED, TestPipeline.at(3)));
        store.writer().flush();

        assertThat(store.writer().committed()).as("progress waiting on records stays waiting").isEqualTo(committed);
        assertThat(store.queries().run("r")).map(RunRow::state).contains(RunStatus.FAILED);
        assertThat(store.queries().stepRun("r", "s")).map(StepRunRow::state).contains(StepStatus.FAILED);
    }
}
