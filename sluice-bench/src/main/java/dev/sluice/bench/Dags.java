package dev.sluice.bench;

import dev.sluice.pipeline.Pipeline;
import dev.sluice.pipeline.PipelineBuilder;

import java.nio.file.Path;

/**
 * The DAG of the planning benchmarks: layers of 100 {@code concat} steps, each step reading two steps of the
 * layer before (the "10 layers x 100 wide" shape of the orchestration benchmarks, made deeper). Not thread-safe.
 */
final class Dags {
    static final int WIDTH = 100;

    private Dags() {
    }

    static String name(int i) {
        return "s" + i;
    }

    /** The pipeline file's text. */
    static String yaml(int steps) {
        StringBuilder b = new StringBuilder(steps * 80).append("pipeline: layers\nsteps:\n");
        for (int i = 0; i < steps; i++) {
            b.append("  ").append(name(i)).append(": {uses: concat, with: {text: \"").append(name(i)).append("\"}");
            if (i >= WIDTH) {
                int layerStart = (i / WIDTH - 1) * WIDTH;
                int j = i % WIDTH;
                b.append(", inputs: {parts: [").append(name(layerStart + j)).append(".out, ")
                        .append(name(layerStart + (j + 1) % WIDTH)).append(".out]}");
            }
            b.append("}\n");
        }
        return b.toString();
    }

    /** The same pipeline through the Java builder, validated. */
    static Pipeline build(int steps) {
        PipelineBuilder p = Pipeline.builder("layers").baseDir(Path.of("."));
        for (int i = 0; i < steps; i++) {
            String text = name(i);
            int layerStart = (i / WIDTH - 1) * WIDTH;
            int j = i % WIDTH;
            boolean first = i < WIDTH;
            p.step(name(i), s -> {
                s.uses("concat").with("text", text);
                if (!first) {
                    s.input("parts", name(layerStart + j) + ".out", name(layerStart + (j + 1) % WIDTH) + ".out");
                }
            });
        }
        return p.build();
    }
}
