package dev.sluice.meta;

import dev.sluice.api.RunStatus;
import dev.sluice.api.StepStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metadata writer on a disk that fills for a while (a step's partial outputs, then given back): records that
 * could not be committed then are committed once there is room again, in order, not dropped.
 */
@Timeout(60)
class FullDiskWriterTest {
    @TempDir Path dir;
    private final Tmpfs tmpfs = new Tmpfs();
    private MetadataStore store;

    @AfterEach
    void close() throws Exception {
        if (store != null) store.close();
        tmpfs.close();
    }

    @Test
    void recordsWaitForSpaceToComeBackInsteadOfBeingDropped() throws Exception {
        Path disk = tmpfs.mount(dir.resolve("disk"), "2m");
        store = JdbcMetadataStore.open(Database.sqlite(disk.resolve("sluice.db")));
        store.writer().submit(TestPipeline.PIPELINE);
        store.writer().submit(MetaWrite.RunStarted.here("r", TestPipeline.PIPELINE.id(), TestPipeline.at(0), "{}", Optional.empty()));
        store.writer().flush();
        Path filler = disk.resolve("filler");
        Tmpfs.fill(filler);

        String big = "x".repeat(64 * 1024); // needs new pages: cannot be written while the disk is full
        store.writer().submit(new MetaWrite.StepStarted("r/s#1", "r", "s", "s", 1, TestPipeline.at(1), Optional.empty(), "{}",
                Optional.empty(), Map.of("big", "\"" + big + "\"")));
        store.writer().submit(new MetaWrite.RunFinished("r", RunStatus.FAILED, TestPipeline.at(2)));
        Thread.sleep(300);
        Files.delete(filler);
        store.writer().flush();

        assertThat(store.queries().stepRun("r", "s")).map(StepRunRow::state).contains(StepStatus.FAILED);
        assertThat(store.queries().run("r")).map(RunRow::state).contains(RunStatus.FAILED);
    }
}
