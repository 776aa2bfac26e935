package dev.sluice.monitor;

import dev.sluice.exec.LocalExecutor;
import dev.sluice.exec.RunListener;
import dev.sluice.exec.RunOptions;
import dev.sluice.exec.RunResult;
import dev.sluice.exec.RunStatus;
import dev.sluice.exec.Workspace;
import dev.sluice.pipeline.ComponentRegistry;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.pipeline.PipelineValidator;
import dev.sluice.yaml.YamlPipelineLoader;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A {@link RetrainTrigger.Retrainer} that runs a pipeline file in a workspace with the {@link LocalExecutor}.
 *
 * <p><b>Contract</b>: the pipeline declares a parameter {@code data} (type {@code path} or {@code string}) and reads
 * the window from it, e.g. {@code load: {uses: parquet, with: {path: "${params.data}"}}}. The window is a
 * Parquet file of the logged rows: the feature columns plus {@code _time_ms}, {@code _version}, {@code _score}
 * and {@code _label} (see {@link PredictionLog}); it carries no ground truth, so a pipeline that retrains on it
 * joins the labels it learns from (or retrains on its usual source and uses the window to check or weigh).
 * Further fixed parameters can be given. The pipeline is loaded and validated at every run, so edits apply.
 * Thread-safe.
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
    public RetrainTrigger.RunSummary retrain(String model, Path window) {
        Map<String, String> overrides = new HashMap<>(params);
        overrides.put(DATA_PARAM, window.toAbsolutePath().toString());
        Pipeline pipeline = new PipelineValidator(ComponentRegistry.defaults())
                .validate(new YamlPipelineLoader().load(pipelineFile), overrides);
        RunResult r = new LocalExecutor(options, ws).run(pipeline, RunListener.NONE);
        return new RetrainTrigger.RunSummary(r.runId(), r.status() == RunStatus.SUCCEEDED);
    }
}
