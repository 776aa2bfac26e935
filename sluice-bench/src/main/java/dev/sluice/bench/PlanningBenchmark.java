package dev.sluice.bench;

import dev.sluice.pipeline.ComponentRegistry;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.pipeline.PipelineSpec;
import dev.sluice.pipeline.PipelineValidator;
import dev.sluice.yaml.YamlPipelineLoader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Validating and planning a DAG of {@code steps} steps: YAML text to PipelineSpec to a validated Pipeline, and the
 * same through the Java builder. One operation is the whole DAG; divide by {@code steps} for the time per step.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 3, jvmArgs = {"-Xmx4g"})
public class PlanningBenchmark {
    @Param({"1000", "10000", "100000"})
    public int steps;

    private String yaml;
    private final ComponentRegistry registry = ComponentRegistry.defaults();

    @Setup(Level.Trial)
    public void setUp() {
        yaml = Dags.yaml(steps);
    }

    @Benchmark
    public Pipeline yamlToPipeline() {
        PipelineSpec spec = new YamlPipelineLoader().parse(yaml, "layers.yaml", Path.of("."));
        return new PipelineValidator(registry).validate(spec, Map.of());
    }

    @Benchmark
    public Pipeline javaBuilder() {
        return Dags.build(steps);
    }
}
