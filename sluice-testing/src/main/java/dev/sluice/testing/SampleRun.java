package dev.sluice.testing;

import dev.sluice.api.CheckResult;
import dev.sluice.api.RunStatus;
import dev.sluice.api.StepStatus;
import dev.sluice.meta.MetaWrite;
import dev.sluice.meta.MetadataStore;
import dev.sluice.meta.OutputRow;
import dev.sluice.meta.StepRunRow;
import dev.sluice.meta.MetaWrite.ArtifactStored;
import dev.sluice.meta.MetaWrite.Consumed;
import dev.sluice.meta.MetaWrite.PipelineSeen;
import dev.sluice.meta.MetaWrite.RunFinished;
import dev.sluice.meta.MetaWrite.RunStarted;
import dev.sluice.meta.MetaWrite.StepFinished;
import dev.sluice.meta.MetaWrite.StepStarted;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A three-step run (load -> split -> train) as the executor would record it, with fixed times so that
 * what is read back can be compared exactly: the records of {@link MetadataStoreContract}, for a backend's own
 * tests too. {@code new SampleRun("run-1", 0).writes()} are the records; {@link #expected} is what a store must read
 * back for a step. Immutable.
 */
public record SampleRun(String runId, long base) {
    public static final String DEFINITION = "pipeline: churn\nsteps:\n  load: {uses: csv}\n";
    public static final PipelineSeen PIPELINE = PipelineSeen.of("churn", DEFINITION, at(0));
    public static final String RAW = MetaWrite.sha256("raw.csv");

    /** The digest of the table the {@code load} step outputs. */
    public String table() { return MetaWrite.sha256(runId + "/table"); }

    /** The digest of the {@code train} output of {@code split}. */
    public String train() { return MetaWrite.sha256(runId + "/train"); }

    /** The digest of the {@code test} output of {@code split}. */
    public String test() { return MetaWrite.sha256(runId + "/test"); }

    /** The digest of the model the {@code train} step outputs. */
    public String model() { return MetaWrite.sha256(runId + "/model"); }

    /** A fixed instant, {@code millis} after the sample's epoch. */
    public static Instant at(long millis) { return Instant.ofEpochMilli(1_700_000_000_000L + millis); }

    public String stepRunId(String step) { return runId + "/" + step + "#1"; }

    /** Submits {@code writes} to the store's writer and flushes, so that everything is visible to its queries. */
    static void record(MetadataStore store, List<MetaWrite> writes) {
        writes.forEach(store.writer()::submit);
        store.writer().flush();
    }

    /** The run's records, in the order the executor submits them. */
    public List<MetaWrite> writes() {
        List<MetaWrite> w = new ArrayList<>();
        w.add(PIPELINE);
        w.add(RunStarted.here(runId, PIPELINE.id(), at(base), "{\"max_depth\":6}", Optional.empty()));
        w.add(new ArtifactStored(RAW, "file", "text/csv", 10, at(base + 1)));
        w.addAll(step("load", "load", List.of(RAW), List.of(OutputRow.of("table", table())), 10));
        w.addAll(step("split", "split", List.of(table()),
                List.of(OutputRow.of("test", test()), OutputRow.of("train", train())), 20));
        w.addAll(step("train", "train", List.of(train()), List.of(OutputRow.of("model", model())), 30));
        w.add(new RunFinished(runId, RunStatus.SUCCEEDED, at(base + 100)));
        return w;
    }

    private List<MetaWrite> step(String name, String base0, List<String> inputs, List<OutputRow> outputs, long offset) {
        String id = stepRunId(name);
        List<MetaWrite> w = new ArrayList<>();
        w.add(new StepStarted(id, runId, name, base0, 1, at(base + offset), Optional.of("key-" + runId + "-" + name),
                "{\"step\":\"" + name + "\"}", Optional.of("logs/" + runId + "/" + name + ".log"),
                Map.of("seed", "7", "label", "\"churn\"")));
        for (String input : inputs) w.add(new Consumed(id, "data", input));
        for (OutputRow o : outputs) w.add(new ArtifactStored(o.artifactId(), "table", "application/parquet", 100 + offset, at(base + offset + 5)));
        w.add(new StepFinished(id, StepStatus.SUCCEEDED, at(base + offset + 9), Optional.of(0), Optional.empty(),
                Map.of("rows", 100.0 + offset, "accuracy", 0.5),
                List.of(new CheckResult("accuracy_min", true, Optional.of(0.5), ">= 0.4"),
                        new CheckResult("nulls", false, Optional.empty(), "0"),
                        // a check the step reported: text, details, a warning; read back in the order it was recorded
                        new CheckResult("age.max", false, Optional.of(150.0), "<= 120", Optional.of("150"),
                                "3 of 303 rows fail, e.g. rows 1, 5, 9", dev.sluice.api.Check.Severity.WARN)),
                outputs, Optional.empty()));
        return w;
    }

    /** What stepRun(runId, name) must read back. */
    public StepRunRow expected(String name, long offset, List<OutputRow> outputs) {
        return new StepRunRow(stepRunId(name), runId, name, name, StepStatus.SUCCEEDED, 1, at(base + offset),
                Optional.of(at(base + offset + 9)), Optional.of(0), Optional.empty(),
                Optional.of("logs/" + runId + "/" + name + ".log"), Optional.of("key-" + runId + "-" + name),
                "{\"step\":\"" + name + "\"}", Optional.empty(), Map.of("seed", "7", "label", "\"churn\""),
                Map.of("rows", 100.0 + offset, "accuracy", 0.5),
                List.of(new CheckResult("accuracy_min", true, Optional.of(0.5), ">= 0.4"),
                        new CheckResult("nulls", false, Optional.empty(), "0"),
                        // a check the step reported: text, details, a warning; read back in the order it was recorded
                        new CheckResult("age.max", false, Optional.of(150.0), "<= 120", Optional.of("150"),
                                "3 of 303 rows fail, e.g. rows 1, 5, 9", dev.sluice.api.Check.Severity.WARN)),
                outputs);
    }
}
