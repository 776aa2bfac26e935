package dev.sluice.exec;

import dev.sluice.api.StepStatus;
import dev.sluice.pipeline.ComponentRegistry;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.pipeline.PipelineValidator;
import dev.sluice.yaml.YamlPipelineLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** For tests that run a pipeline file: load it as the CLI does, and read what a run's steps did. */
final class YamlRuns {
    private YamlRuns() {
    }

    /** The pipeline file, validated with {@code params} given as on the command line. */
    static Pipeline load(Path file, Map<String, String> params) {
        return new PipelineValidator(ComponentRegistry.defaults()).validate(new YamlPipelineLoader().load(file), params);
    }

    /** Each step's (or instance's) status, by name. */
    static Map<String, StepStatus> statuses(RunResult r) {
        Map<String, StepStatus> m = new TreeMap<>();
        r.steps().forEach(s -> m.put(s.name(), s.status()));
        return m;
    }

    /** The last line a step wrote to its log. */
    static String lastLogLine(RunResult r, String step) throws IOException {
        return Files.readString(r.step(step).orElseThrow().log().orElseThrow()).strip().lines().toList().getLast();
    }
}
