package dev.sluice.bench;

import dev.sluice.api.RunStatus;
import dev.sluice.exec.LocalExecutor;
import dev.sluice.exec.RunListener;
import dev.sluice.exec.RunOptions;
import dev.sluice.exec.RunResult;
import dev.sluice.exec.Workspace;
import dev.sluice.pipeline.Pipeline;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Runs of one DAG, one after another in one JVM and one workspace (as an always-on server runs them), every step
 * recorded durably. Modes: {@code off} (cache off: every step runs), {@code hit} (the same pipeline again: every step
 * a cache hit), {@code new} (the cache on, but a new text each run: every step runs and is looked up). Prints the
 * wall time of each block of runs and, at the end, the median and quartiles of the last half, per run and per step,
 * and the heap in use after a full collection every {@code heapEvery} runs (0: never). Next to the wall time it prints
 * the CPU time (median, quartiles and mean; per step from the mean) the whole JVM spent per run (every thread: workers, the metadata writer, the collector, the JIT): on a
 * machine shared with other work the wall time also counts the waits for a core, the CPU time does not. Last, the
 * CPU time of the metadata writer's thread alone per run (its own clock, finer than the process's).
 *
 * <pre>java -cp sluice-bench/target/benchmarks.jar dev.sluice.bench.WarmLoop DAG MODE [RUNS=30] [WORKERS=2] [heapEvery=0] [HOME]</pre>
 */
public final class WarmLoop {
    private WarmLoop() {
    }

    public static void main(String[] args) throws IOException {
        String dag = args[0];
        String mode = args[1];
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        int workers = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        int heapEvery = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        Path home = args.length > 5 ? Path.of(args[5]) : Files.createTempDirectory("sluice-warm");
        Path dir = Files.createDirectories(home.resolve("pipeline"));
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        double[] ms = new double[runs];
        double[] cpu = new double[runs];
        double[] writerCpu = new double[runs];
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (Workspace ws = Workspace.open(home.resolve(".sluice"))) {
            RunOptions options = new RunOptions(workers, false, ws.home(), mode.equals("off"), java.util.Optional.empty());
            Pipeline same = WarmDags.build(dag, dir, -1);
            if (mode.equals("hit")) check(new LocalExecutor(options, ws).run(same, RunListener.NONE));
            for (int i = 0; i < runs; i++) {
                Pipeline p = mode.equals("new") ? WarmDags.build(dag, dir, i) : same;
                long c0 = os.getProcessCpuTime();
                long w0 = writerCpu(threads);
                long t0 = System.nanoTime();
                check(new LocalExecutor(options, ws).run(p, RunListener.NONE));
                ms[i] = (System.nanoTime() - t0) / 1e6;
                cpu[i] = (os.getProcessCpuTime() - c0) / 1e6;
                writerCpu[i] = (writerCpu(threads) - w0) / 1e6;
                if (heapEvery > 0 && (i + 1) % heapEvery == 0) {
                    System.gc();
                    System.out.printf("heap after %d runs: %.1f MB%n", i + 1, memory.getHeapMemoryUsage().getUsed() / 1e6);
                }
            }
        }
        double[] tail = Arrays.copyOfRange(ms, runs / 2, runs);
        Arrays.sort(tail);
        double[] cpuTail = Arrays.copyOfRange(cpu, runs / 2, runs);
        Arrays.sort(cpuTail);
        int steps = WarmDags.steps(dag);
        double med = tail[tail.length / 2];
        double cpuMed = cpuTail[cpuTail.length / 2];
        double cpuMean = Arrays.stream(cpuTail).sum() / cpuTail.length; // the clock ticks in 10 ms: the mean of many runs is finer
        System.out.printf("%s %s: runs %d-%d median %.2f ms (q1 %.2f, q3 %.2f), %.1f us a step; CPU %.2f ms a run"
                        + " (q1 %.2f, q3 %.2f; mean %.2f), %.1f us a step; first run %.1f ms%n",
                dag, mode, runs / 2 + 1, runs, med, tail[tail.length / 4], tail[tail.length * 3 / 4], med * 1000 / steps,
                cpuMed, cpuTail[cpuTail.length / 4], cpuTail[cpuTail.length * 3 / 4], cpuMean, cpuMean * 1000 / steps, ms[0]);
        double writerMean = Arrays.stream(writerCpu, runs / 2, runs).sum() / (runs - runs / 2);
        System.out.printf("%s %s: metadata writer thread CPU %.2f ms a run (mean of runs %d-%d), %.1f us a step%n",
                dag, mode, writerMean, runs / 2 + 1, runs, writerMean * 1000 / steps);
    }

    /** The CPU time of the metadata writer's thread so far (ns; 0 before it exists): one thread per workspace. */
    private static long writerCpu(java.lang.management.ThreadMXBean threads) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("sluice-meta-writer")) return Math.max(0, threads.getThreadCpuTime(t.threadId()));
        }
        return 0;
    }

    private static void check(RunResult r) {
        if (r.status() != RunStatus.SUCCEEDED) throw new IllegalStateException("run " + r.runId() + " ended " + r.status());
    }
}
