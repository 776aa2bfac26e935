package dev.sluice.bench;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JMH settings most benchmarks here share, stated once: average time per operation, one state per trial, 5 warm-up
 * and 5 measured iterations of 2 s, 3 forks (so that each score's error stays below the score). JMH reads these
 * annotations from the superclass; a subclass adds its {@code @OutputTimeUnit} and overrides any setting it needs.
 *
 * <pre>{@code
 * @OutputTimeUnit(TimeUnit.MICROSECONDS)
 * public class DispatchBenchmark extends JmhDefaults { ... }
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(3)
public abstract class JmhDefaults {
}
