package dev.sluice.bench;

import dev.sluice.api.RunStatus;
import dev.sluice.api.StepStatus;
import dev.sluice.meta.MetaWrite;
import dev.sluice.meta.MetadataStore;
import dev.sluice.meta.MetadataStores;
import dev.sluice.meta.OutputRow;
import dev.sluice.store.FileTrees;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Metadata commit throughput on SQLite (WAL, synchronous=FULL): a run of 250 steps (1 002 records: run start,
 * per step an artifact, a start and a finish, run end) submitted to MetadataWriter then flushed, so the writer
 * groups whatever is queued into transactions; and the same records with a flush after each (one commit per
 * record). Scores are per record.
 */
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MetadataCommitBenchmark extends JmhDefaults {
    static final int STEPS = 250;
    static final int RECORDS = 2 + 3 * STEPS + 1;

    private Path home;
    private MetadataStore store;
    private MetaWrite.PipelineSeen pipeline;
    private long run;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        home = Files.createTempDirectory("sluice-meta");
        store = MetadataStores.open(home, Optional.empty());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        store.close();
        FileTrees.delete(home);
    }

    private List<MetaWrite> runRecords() {
        String runId = "run-" + (run++);
        Instant now = Instant.now();
        if (pipeline == null) pipeline = MetaWrite.PipelineSeen.of("bench", "pipeline: bench\n", now);
        List<MetaWrite> w = new ArrayList<>(RECORDS);
        w.add(pipeline);
        w.add(MetaWrite.RunStarted.here(runId, pipeline.id(), now, "{}", Optional.empty()));
        for (int i = 0; i < STEPS; i++) {
            String stepRun = runId + "/s" + i + "#1";
            String artifact = MetaWrite.sha256(runId + "/" + i);
            w.add(new MetaWrite.StepStarted(stepRun, runId, "s" + i, "s" + i, 1, now, Optional.of("key-" + stepRun),
                    "{}", Optional.empty(), Map.of("text", "\"s" + i + "\"")));
            w.add(new MetaWrite.ArtifactStored(artifact, "file", "text/plain", 12, now));
            w.add(new MetaWrite.StepFinished(stepRun, StepStatus.SUCCEEDED, now, Optional.empty(), Optional.empty(),
                    Map.of(), List.of(), List.of(OutputRow.of("out", artifact)), Optional.empty()));
        }
        w.add(new MetaWrite.RunFinished(runId, dev.sluice.api.RunStatus.SUCCEEDED, now));
        return w;
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void groupCommit() {
        runRecords().forEach(store.writer()::submit);
        store.writer().flush();
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void commitPerRecord() {
        for (MetaWrite w : runRecords()) {
            store.writer().submit(w);
            store.writer().flush();
        }
    }
}
