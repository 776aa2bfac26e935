package dev.sluice.monitor;

import dev.sluice.exec.LocalExecutor;
import dev.sluice.exec.RunListener;
import dev.sluice.exec.RunOptions;
import dev.sluice.exec.RunResult;
import dev.sluice.exec.Workspace;
import dev.sluice.ml.table.DuckSession;
import dev.sluice.pipeline.ComponentRegistry;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.pipeline.PipelineValidator;
import dev.sluice.yaml.YamlPipelineLoader;

import java.nio.file.Path;
import java.util.Map;

/** Test fixtures: the Elec2 slices as Parquet, and pipelines run in a workspace. */
final class Elec2 {
    static final Path RESOURCES = Path.of("src/test/resources").toAbsolutePath();

    private Elec2() {
    }

    /** {@code early} or {@code late} (src/test/resources/elec2/SOURCE.md) as a Parquet file in {@code dir}. */
    static Path parquet(String slice, Path dir) throws Exception {
        Path out = dir.resolve(slice + ".parquet");
        try (DuckSession db = DuckSession.open(1)) {
            db.copyToParquet("SELECT * FROM read_csv(" + DuckSession.literal(RESOURCES.resolve("elec2/" + slice + ".csv")) + ")", out);
        }
        return out;
    }

    static RunResult run(Workspace ws, String pipeline, Map<String, String> params) {
        Pipeline p = new PipelineValidator(ComponentRegistry.defaults())
                .validate(new YamlPipelineLoader().load(RESOURCES.resolve("pipelines/" + pipeline)), params);
        return new LocalExecutor(RunOptions.defaults(ws.home()), ws).run(p, RunListener.NONE);
    }
}
