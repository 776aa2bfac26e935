package dev.sluice.bench;

import dev.sluice.api.RunStatus;
import dev.sluice.exec.LocalExecutor;
import dev.sluice.exec.RunListener;
import dev.sluice.exec.RunOptions;
import dev.sluice.exec.RunResult;
import dev.sluice.exec.Workspace;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.pipeline.PipelineBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a run's cost grows with the workspace's history: runs of a pipeline of four tiny in-process steps
 * ({@code concat}, {@code count}; a new parameter value each run, so every step runs and is recorded), one after
 * another in one JVM and one workspace, as an always-on server runs them. Prints one tab-separated line per block:
 * {@code runs_before  runs  seconds  runs_per_s  ms_per_run  cpu_ms_per_run} (CPU: the whole JVM, every thread; on a
 * shared machine wall time also counts the waits for a core). Flat means the per-run cost does not depend on how many
 * runs the workspace holds. {@code HOME} may hold an earlier workspace: its runs count as history (not in
 * {@code runs_before}).
 *
 * <pre>java -cp sluice-bench/target/benchmarks.jar dev.sluice.bench.HistoryCurve [TOTAL=10000] [BLOCK=1000] [HOME] [FIRST=0]</pre>
 * ({@code FIRST}: the number of the first run's parameter, so that runs added to an earlier workspace are new runs, not
 * cache hits)
 */
public final class HistoryCurve {
    private HistoryCurve() {
    }

    static Pipeline tiny(Path dir, int n) {
        PipelineBuilder p = Pipeline.builder("tiny").baseDir(dir);
        p.step("a", s -> s.uses("concat").with("text", "run " + n + "\n"));
        p.step("b", s -> s.uses("count").input("in", "a.out"));
        p.step("c", s -> s.uses("concat").input("parts", "a.out").with("text", "more\n"));
        p.step("d", s -> s.uses("count").input("in", "c.out"));
        return p.build();
    }

    public static void main(String[] args) throws IOException {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int block = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        Path home = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("sluice-history");
        int first = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        Path dir = Files.createDirectories(home.resolve("pipeline"));
        System.out.println("runs_before\truns\tseconds\truns_per_s\tms_per_run\tcpu_ms_per_run");
        try (Workspace ws = Workspace.open(home.resolve(".sluice"))) {
            RunOptions options = new RunOptions(2, false, ws.home());
            for (int done = 0; done < total; done += block) {
                long t0 = System.nanoTime();
                long c0 = cpuNanos();
                for (int i = 0; i < block; i++) {
                    RunResult r = new LocalExecutor(options, ws).run(tiny(dir, first + done + i), RunListener.NONE);
                    if (r.status() != RunStatus.SUCCEEDED) throw new IllegalStateException("run " + r.runId() + " " + r.status());
                }
                double s = (System.nanoTime() - t0) / 1e9;
                double cpu = (cpuNanos() - c0) / 1e6 / block;
                System.out.printf("%d\t%d\t%.2f\t%.1f\t%.2f\t%.2f%n", done, block, s, block / s, s * 1000 / block, cpu);
            }
        }
    }

    /** CPU time of the whole JVM so far. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
