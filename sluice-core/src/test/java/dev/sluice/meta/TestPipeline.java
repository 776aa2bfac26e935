package dev.sluice.meta;

import java.time.Instant;

/**
 * The pipeline record and fixed times that core's writer tests start their runs with. (The full sample run and the
 * metadata contract suite are in sluice-testing: {@code dev.sluice.testing.SampleRun}, {@code MetadataStoreContract}.)
 */
final class TestPipeline {
    static final MetaWrite.PipelineSeen PIPELINE = MetaWrite.PipelineSeen.of("churn", "pipeline: churn\nsteps:\n  load: {uses: csv}\n", at(0));

    private TestPipeline() {
    }

    static Instant at(long millis) {
        return Instant.ofEpochMilli(1_700_000_000_000L + millis);
    }
}
