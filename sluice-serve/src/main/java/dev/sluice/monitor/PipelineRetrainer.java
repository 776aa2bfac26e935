package dev.sluice.monitor;

import dev.sluice.api.RunStatus;
import dev.sluice.exec.LocalExecutor;
import dev.sluice.exec.RunListener;
import dev.sluice.exec.RunOptions;
import dev.sluice.exec.RunResult;
import dev.sluice.exec.Workspace;
import dev.sluice.meta.RunTrigger;
import dev.sluice.pipeline.ComponentRegistry;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.pipeline.PipelineValidator;
import dev.sluice.yaml.YamlPipelineLoader;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A {@link RetrainTrigger.Retrainer} that runs a pipeline file in a workspace with the {@link LocalExecutor}. The run
 * is recorded with its cause ({@link RunTrigger}: kind {@code drift} and the drift report's artifact id), so
 * {@code sluice show RUN} names the report and lineage leads from the model version the run registers to its run
 * and on to the report.
 *
 * <p><b>Contract</b>: the pipeline declares a parameter {@code data} (type {@code path} or {@code string}) and reads
 * the window from it, e.g. {@code window: {uses: parquet, with: {path: "${params.data}"}}}. The window is a
 * Parquet file of the logged rows: the feature columns plus {@code _time_ms}, {@code _version}, {@code _score}
 * and {@code _label} (see {@link PredictionLog}).
 *
 * <p><b>Labels.</b> The window carries no ground truth: outcomes become known later than predictions and land
 * elsewhere. So the pipeline reads the labeled data itself (a table, a file, a query; further fixed parameters can
 * name it) and uses the window to decide <em>what</em> to learn from: the period the served traffic covers, i.e. the
 * labeled rows whose time column lies between the window's smallest and largest value (or, when requests carry an
 * id, the labeled rows joined by that key). {@code examples/elec2/retrain.yaml} does the former with Elec2's
 * {@code date} column:
 * <pre>{@code
 * recent: {uses: sql, inputs: {tables: [window.data, labels.data]}, with: {names: [w, l], query: >-
 *            SELECT l.* FROM l WHERE l.date BETWEEN (SELECT min(date) FROM w) AND (SELECT max(date) FROM w)}}
 * }</pre>
 * The rest of a closed-loop pipeline is ordinary steps: split the recent labeled rows, train, {@code evaluate} with
 * {@code baseline: NAME@champion} and a gain check (no regression on the same holdout), {@code register} as
 * challenger, {@code canary}, {@code promote} to champion; a serving {@code sluice serve} then swaps the new champion
 * in on its next registry poll. The pipeline is loaded and validated at every run, so edits apply. Thread-safe.
 */
public final class PipelineRetrainer implements RetrainTrigger.Retrainer {
    /** The parameter that receives the window's path. */
    public static final String DATA_PARAM = "data";

    private final Workspace ws;
    private final Path pipelineFile;
    private final Map<String, String> params;
    private final RunOptions options;

    public PipelineRetrainer(Workspace ws, Path pipelineFile, Map<String, String> params, RunOptions options) {
        this.ws = ws;
        this.pipelineFile = pipelineFile;
        this.params = Map.copyOf(params);
        this.options = options;
    }

    @Override
    public RetrainTrigger.RunSummary retrain(RetrainTrigger.Alarm alarm) {
        Map<String, String> overrides = new HashMap<>(params);
        overrides.put(DATA_PARAM, alarm.window().toAbsolutePath().toString());
        Pipeline pipeline = new PipelineValidator(ComponentRegistry.defaults())
                .validate(new YamlPipelineLoader().load(pipelineFile), overrides);
        RunTrigger cause = new RunTrigger(RunTrigger.DRIFT, alarm.reportArtifact(), alarm.describe());
        RunResult r = new LocalExecutor(options.withTrigger(cause), ws).run(pipeline, RunListener.NONE);
        return new RetrainTrigger.RunSummary(r.runId(), r.status() == RunStatus.SUCCEEDED);
    }
}
