package dev.sluice.bench;

import dev.sluice.pipeline.Pipeline;
import dev.sluice.pipeline.PipelineBuilder;

import java.nio.file.Path;

/**
 * The orchestration DAGs of {@code bench/dags.py} built with the Java builder, every step the built-in {@code concat}
 * (its name on one line, then its parents' files), as the warm-loop benchmarks run them. {@code run} makes a step's
 * text differ between runs, so a run with the cache on still runs every step when it changes. Not thread-safe.
 */
final class WarmDags {
    private WarmDags() {
    }

    /** {@code fan-1000}, {@code chain-100}, {@code layers-10x100}, or {@code four} (the four-step pipeline of {@link HistoryCurve}). */
    static Pipeline build(String dag, Path dir, int run) {
        String tag = run < 0 ? "" : " " + run;
        return switch (dag) {
            case "fan-1000" -> {
                PipelineBuilder p = Pipeline.builder("fan-1000").baseDir(dir);
                p.step("src", s -> s.uses("concat").with("text", "src" + tag));
                String[] mids = new String[1000];
                for (int i = 0; i < mids.length; i++) {
                    String m = String.format("m%04d", i);
                    mids[i] = m + ".out";
                    p.step(m, s -> s.uses("concat").with("text", m + tag).input("parts", "src.out"));
                }
                p.step("sink", s -> s.uses("concat").with("text", "sink" + tag).input("parts", mids));
                yield p.build();
            }
            case "chain-100" -> {
                PipelineBuilder p = Pipeline.builder("chain-100").baseDir(dir);
                for (int i = 0; i < 100; i++) {
                    String n = String.format("s%04d", i);
                    String parent = i == 0 ? null : String.format("s%04d.out", i - 1);
                    p.step(n, s -> {
                        s.uses("concat").with("text", n + tag);
                        if (parent != null) s.input("parts", parent);
                    });
                }
                yield p.build();
            }
            case "layers-10x100" -> {
                PipelineBuilder p = Pipeline.builder("layers-10x100").baseDir(dir);
                for (int layer = 0; layer < 10; layer++) {
                    for (int j = 0; j < 100; j++) {
                        String n = String.format("l%02d_%03d", layer, j);
                        String[] parents = layer == 0 ? null : new String[] {String.format("l%02d_%03d.out", layer - 1, j),
                                String.format("l%02d_%03d.out", layer - 1, (j + 1) % 100)};
                        p.step(n, s -> {
                            s.uses("concat").with("text", n + tag);
                            if (parents != null) s.input("parts", parents);
                        });
                    }
                }
                yield p.build();
            }
            case "four" -> HistoryCurve.tiny(dir, Math.max(run, 0));
            default -> throw new IllegalArgumentException("unknown DAG '" + dag + "': fan-1000, chain-100, layers-10x100 or four");
        };
    }

    static int steps(String dag) {
        return switch (dag) {
            case "fan-1000" -> 1002;
            case "chain-100" -> 100;
            case "layers-10x100" -> 1000;
            case "four" -> 4;
            default -> throw new IllegalArgumentException(dag);
        };
    }
}
