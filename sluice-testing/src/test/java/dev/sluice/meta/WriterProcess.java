package dev.sluice.meta;

import dev.sluice.testing.SampleRun;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * A separate JVM for {@link TwoProcessesTest}: {@code write HOME PREFIX COUNT} records COUNT sample
 * runs; {@code hang HOME RUN_ID} records a started run, prints "started", and waits to be killed.
 */
public final class WriterProcess {
    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[1]);
        try (MetadataStore store = MetadataStores.open(home, Optional.empty())) {
            if (args[0].equals("write")) {
                int count = Integer.parseInt(args[3]);
                for (int i = 0; i < count; i++) {
                    new SampleRun(args[2] + "-" + i, i).writes().forEach(store.writer()::submit);
                    if (i % 5 == 4) store.writer().flush();
                }
            } else {
                store.writer().submit(SampleRun.PIPELINE);
                store.writer().submit(MetaWrite.RunStarted.here(args[2], SampleRun.PIPELINE.id(), Instant.now(), "{}",
                        Optional.empty()));
                store.writer().flush();
                System.out.println("started");
                System.out.flush();
                Thread.sleep(60_000);
            }
        }
    }

    private WriterProcess() {}
}
