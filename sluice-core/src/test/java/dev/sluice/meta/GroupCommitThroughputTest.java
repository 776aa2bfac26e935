package dev.sluice.meta;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures, on SQLite with synchronous=FULL, how many records per second the writer commits when it
 * groups whatever is queued, against one transaction per record (a flush after every submit). Prints
 * the figures; asserts only that every record arrived, never a time.
 */
class GroupCommitThroughputTest {
    @TempDir
    Path home;

    @Test
    void groupCommitAgainstOneTransactionPerRecord() {
        try (MetadataStore store = MetadataStores.open(home, Optional.empty())) {
            runs("warm", 50).forEach(store.writer()::submit); // JIT and prepared statements, not measured
            store.writer().flush();
            List<MetaWrite> grouped = runs("g", 300);
            List<MetaWrite> single = runs("s", 15);
            double groupedRate = rate(grouped, () -> {
                grouped.forEach(store.writer()::submit);
                store.writer().flush();
            });
            double singleRate = rate(single, () -> single.forEach(w -> {
                store.writer().submit(w);
                store.writer().flush();
            }));
            System.out.printf("metadata writer on SQLite (WAL, synchronous=FULL): group commit %.0f records/s"
                            + " (%d records), one transaction per record %.0f records/s (%d records), %.0fx%n",
                    groupedRate, grouped.size(), singleRate, single.size(), groupedRate / singleRate);
            assertThat(store.queries().runs(1000)).hasSize(365);
        }
    }

    private static List<MetaWrite> runs(String prefix, int count) {
        List<MetaWrite> writes = new ArrayList<>();
        for (int i = 0; i < count; i++) writes.addAll(new SampleRun(prefix + i, i).writes());
        return writes;
    }

    private static double rate(List<MetaWrite> writes, Runnable work) {
        long start = System.nanoTime();
        work.run();
        return writes.size() / ((System.nanoTime() - start) / 1e9);
    }
}
