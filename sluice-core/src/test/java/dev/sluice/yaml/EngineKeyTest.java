package dev.sluice.yaml;

import dev.sluice.api.Problem;
import dev.sluice.pipeline.PipelineSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code engine:} of a pipeline and of a step: read as written, an unknown one reported where it is with a suggestion. */
class EngineKeyTest {
    private static final Path PIPELINES = Path.of("src/test/resources/pipelines").toAbsolutePath();
    private final YamlPipelineLoader loader = new YamlPipelineLoader();

    @Test
    void readsThePipelinesEngineAndAStepsOwn() throws Exception {
        PipelineSpec spec = loader.load(PIPELINES.resolve("valid/engine.yaml"));
        assertThat(spec.problems()).isEmpty();
        assertThat(spec.engine()).contains("spark");
        assertThat(spec.steps().get("load").engine()).isEmpty();
        assertThat(spec.steps().get("count").engine()).contains("local");
        assertThat(loader.parse("pipeline: p\nsteps:\n  a: {uses: file}\n", "p.yaml", PIPELINES).engine()).isEmpty();
    }

    @Test
    void anUnknownEngineIsReportedAtItsValueWithTheEnginesThereAre() {
        PipelineSpec spec = loader.parse("pipeline: p\nengine: sparc\nsteps:\n  a: {uses: file, engine: dask}\n"
                + "  b: {uses: file, engine: [spark]}\n", "p.yaml", PIPELINES);
        assertThat(spec.problems().stream().map(Problem::format)).containsExactly(
                "p.yaml:2:9: unknown engine 'sparc'; engines are local, spark. Did you mean 'spark'?",
                "p.yaml:4:27: unknown engine 'dask'; engines are local, spark. Example: engine: spark",
                "p.yaml:5:27: engine must be text, got a list. Example: engine: spark");
        assertThat(spec.engine()).isEqualTo(Optional.empty());
    }
}
