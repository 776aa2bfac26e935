package dev.sluice.bench;

import dev.sluice.api.RunStatus;
import dev.sluice.exec.LocalExecutor;
import dev.sluice.exec.RunListener;
import dev.sluice.exec.RunOptions;
import dev.sluice.exec.RunResult;
import dev.sluice.exec.Workspace;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.store.FileTrees;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A whole run in a warm workspace, every step recorded durably (SQLite, group commit), 2 workers: the DAGs of
 * {@code bench/dags.py} with built-in {@code concat} steps, the cache off ({@code off}) or every step a cache hit
 * ({@code hit}), and the four-step pipeline of {@link HistoryCurve}. The score is the time of one run; divide by the
 * steps ({@link WarmDags#steps}) for a step's share. Run folders pile up in the trial's temporary workspace.
 */
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class WarmRunBenchmark extends JmhDefaults {
    @Param({"fan-1000", "chain-100", "four"})
    public String dag;

    @Param({"off", "hit"})
    public String cache;

    private Path home;
    private Workspace ws;
    private Pipeline pipeline;
    private LocalExecutor executor;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        home = Files.createTempDirectory("sluice-warm-bench");
        ws = Workspace.open(home.resolve(".sluice"));
        pipeline = WarmDags.build(dag, Files.createDirectories(home.resolve("pipeline")), -1);
        executor = new LocalExecutor(new RunOptions(2, false, ws.home(), cache.equals("off"), Optional.empty()), ws);
        run(); // the outputs the cache hits reuse
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        ws.close();
        FileTrees.delete(home);
    }

    @Benchmark
    public RunResult run() {
        RunResult r = executor.run(pipeline, RunListener.NONE);
        if (r.status() != RunStatus.SUCCEEDED) throw new IllegalStateException("run ended " + r.status());
        return r;
    }
}
