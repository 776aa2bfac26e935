package dev.sluice.exec;

import dev.sluice.bench.JmhDefaults;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.pipeline.StepNode;
import dev.sluice.store.FileDigests;
import dev.sluice.store.FileTrees;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Cache-key computation for one step, as the executor does it before each step: a {@code concat} step with a
 * text parameter and two input artifacts (in this package because {@code CacheKeys} is package-private).
 */
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CacheKeyBenchmark extends JmhDefaults {
    private CacheKeys keys;
    private StepNode node;
    private FileDigests digests;
    private Path home;
    private final Map<String, Object> params = Map.of("text", "l01_042\n");
    private final Map<String, List<String>> inputs = Map.of("parts", List.of(
            "sha256:6f1ed002ab5595859014ebf0951522d9f4d3f4bb9b1f4c6d36a5e8a4c8c6a3b1",
            "sha256:0b1c3f6d6d4e59f3b0b8f0b6c7e0e9b3a4c1a2d3e4f5a6b7c8d9e0f1a2b3c4d5"));

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        home = Files.createTempDirectory("sluice-keys");
        digests = FileDigests.open(home);
        Pipeline p = Pipeline.builder("keys").baseDir(home)
                .step("a", s -> s.uses("concat"))
                .step("b", s -> s.uses("concat"))
                .step("c", s -> s.uses("concat").with("text", "l01_042\n").input("parts", "a.out", "b.out"))
                .build();
        node = p.step("c").orElseThrow();
        keys = new CacheKeys(digests, home);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        digests.close();
        FileTrees.delete(home);
    }

    @Benchmark
    public CacheKey compute() {
        return keys.compute(node, params, inputs);
    }
}
