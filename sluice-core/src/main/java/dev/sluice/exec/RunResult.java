package dev.sluice.exec;

import dev.sluice.api.RunStatus;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The outcome of a run: status, duration and one {@link StepResult} per step instance in pipeline order. */
public record RunResult(String runId, String pipeline, RunStatus status, Duration duration, List<StepResult> steps,
                        Path runDir) {
    public Optional<StepResult> step(String name) {
        return steps.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
