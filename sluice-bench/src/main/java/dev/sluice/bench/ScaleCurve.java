package dev.sluice.bench;

import dev.sluice.pipeline.ComponentRegistry;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.pipeline.PipelineSpec;
import dev.sluice.pipeline.PipelineValidator;
import dev.sluice.yaml.YamlPipelineLoader;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The validation-and-planning curve from 1 000 to 1 000 000 steps, with the heap the resulting Pipeline keeps.
 * Not a JMH benchmark: one JVM, a warm-up ({@code -Dscale.warmup=30} rounds of 5 000 steps), then per size the median of several repetitions and the retained heap
 * after full GCs. Two paths: YAML text to a validated Pipeline, and the Java builder; plus {@code yaml-parse}, the
 * floor under the YAML path: snakeyaml-engine's parser events alone, no tree, nothing kept. Prints one
 * tab-separated line per size and path: {@code path  steps  median_ms  ns_per_step  retained_MiB  bytes_per_step
 * cpu_ms}, where {@code cpu_ms} is the median CPU time of the whole JVM (every thread, the collector's included)
 * per repetition: on a shared machine wall time also counts the waits for a core, CPU time does not.
 *
 * <pre>java -Xmx6g -cp sluice-bench/target/benchmarks.jar dev.sluice.bench.ScaleCurve 1000 10000 100000 1000000</pre>
 */
public final class ScaleCurve {
    private ScaleCurve() {
    }

    public static void main(String[] args) {
        int[] sizes = args.length == 0 ? new int[] {1000, 10_000, 100_000, 1_000_000}
                : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        ComponentRegistry registry = ComponentRegistry.defaults();
        String warm = Dags.yaml(5000);
        // enough rounds for the JIT to finish compiling the loader and validator even on a busy machine
        int rounds = Integer.getInteger("scale.warmup", 30);
        for (int i = 0; i < rounds; i++) {
            plan(warm, registry);
            Dags.build(5000);
        }
        System.out.println("path\tsteps\tmedian_ms\tns_per_step\tretained_MiB\tbytes_per_step\tcpu_ms");
        for (int steps : sizes) {
            int reps = steps >= 1_000_000 ? 3 : steps >= 100_000 ? 5 : 11;
            String yaml = Dags.yaml(steps);
            measure("yaml-parse", steps, reps, () -> parseOnly(yaml, steps));
            measure("yaml", steps, reps, () -> plan(yaml, registry));
            measure("builder", steps, reps, () -> Dags.build(steps));
        }
    }

    private static void measure(String path, int steps, int reps, Supplier<Object> planner) {
        List<Double> ms = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        for (int r = 0; r < reps; r++) {
            long c = cpuNanos();
            long t = System.nanoTime();
            Object p = planner.get();
            ms.add((System.nanoTime() - t) / 1e6);
            cpu.add((cpuNanos() - c) / 1e6);
            if (p instanceof Pipeline pipeline && pipeline.steps().size() != steps) {
                throw new IllegalStateException("planned " + pipeline.steps().size());
            }
        }
        Collections.sort(ms);
        Collections.sort(cpu);
        double median = ms.get(ms.size() / 2);
        long before = used();
        Object kept = planner.get();
        double retained = Math.max(0, used() - before);
        System.out.printf("%s\t%d\t%.1f\t%.0f\t%.1f\t%.0f\t%.1f%n", path, steps, median, median * 1e6 / steps,
                retained / (1 << 20), retained / steps, cpu.get(cpu.size() / 2));
        if (kept instanceof Pipeline p && p.steps().isEmpty()) throw new IllegalStateException("empty");
    }

    /** The parser's events, counted and dropped: what snakeyaml-engine alone costs. Returns the event count. */
    static Integer parseOnly(String yaml, int steps) {
        LoadSettings settings = LoadSettings.builder().setCodePointLimit(Integer.MAX_VALUE).setUseMarks(true).build();
        int events = 0;
        for (Event e : new Parse(settings).parseString(yaml)) events++;
        if (events < steps) throw new IllegalStateException("only " + events + " events");
        return events;
    }

    static Pipeline plan(String yaml, ComponentRegistry registry) {
        PipelineSpec spec = new YamlPipelineLoader().parse(yaml, "layers.yaml", Path.of("."));
        return new PipelineValidator(registry).validate(spec, Map.of());
    }

    /** CPU time of the whole JVM so far. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Heap in use after full GCs. */
    private static long used() {
        for (int i = 0; i < 3; i++) System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
