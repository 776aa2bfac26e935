package dev.sluice.bench;

import dev.sluice.api.Component;
import dev.sluice.api.ComponentSpec;
import dev.sluice.api.RunStatus;
import dev.sluice.exec.LocalExecutor;
import dev.sluice.exec.RunListener;
import dev.sluice.exec.RunOptions;
import dev.sluice.exec.RunResult;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.pipeline.PipelineBuilder;
import dev.sluice.store.FileTrees;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Dispatch overhead per ready step: a LocalExecutor without a workspace (nothing recorded, nothing cached) runs
 * 1 000 steps that do nothing, fanned out from one root, on 2 workers. The score is the time per step.
 */
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DispatchBenchmark extends JmhDefaults {
    static final int STEPS = 1000;
    static final Component NOOP = Component.of(ComponentSpec.builder("noop", "1").build(), ctx -> { });

    @Param({"fan", "chain"})
    public String shape;

    private Pipeline pipeline;
    private Path home;
    private LocalExecutor executor;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        PipelineBuilder p = Pipeline.builder("dispatch").baseDir(Path.of("."));
        p.step("s0", s -> s.uses(NOOP));
        for (int i = 1; i < STEPS; i++) {
            String after = shape.equals("fan") ? "s0" : "s" + (i - 1);
            p.step("s" + i, s -> s.uses(NOOP).after(after));
        }
        pipeline = p.build();
        home = Files.createTempDirectory("sluice-dispatch");
        executor = new LocalExecutor(new RunOptions(2, false, home));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        FileTrees.delete(home);
    }

    @Benchmark
    @OperationsPerInvocation(STEPS)
    public RunResult run() {
        RunResult r = executor.run(pipeline, RunListener.NONE);
        if (r.status() != RunStatus.SUCCEEDED) throw new IllegalStateException("run ended " + r.status());
        return r;
    }
}
