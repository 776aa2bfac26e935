package dev.sluice.exec;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Something that happened in a run, in the order it happened for each step. */
public sealed interface RunEvent {
    String runId();

    Instant at();

    record RunStarted(String runId, Instant at, String pipeline, List<String> steps) implements RunEvent {}

    record StepStarted(String runId, Instant at, String step, int attempt) implements RunEvent {}

    record StepRetrying(String runId, Instant at, String step, int failedAttempt, Duration delay, String reason) implements RunEvent {}

    record StepSucceeded(String runId, Instant at, String step, Duration duration) implements RunEvent {}

    record StepCached(String runId, Instant at, String step, String sourceRun) implements RunEvent {}

    record StepFailed(String runId, Instant at, String step, Duration duration, String reason) implements RunEvent {}

    record StepSkipped(String runId, Instant at, String step, String reason) implements RunEvent {}

    record StepBlocked(String runId, Instant at, String step, String blockedBy) implements RunEvent {}

    record StepCancelled(String runId, Instant at, String step) implements RunEvent {}

    record RunFinished(String runId, Instant at, RunResult result) implements RunEvent {}

    /** The step an event is about, or empty for run-level events. */
    default java.util.Optional<String> stepName() {
        return switch (this) {
            case StepStarted e -> java.util.Optional.of(e.step());
            case StepRetrying e -> java.util.Optional.of(e.step());
            case StepSucceeded e -> java.util.Optional.of(e.step());
            case StepCached e -> java.util.Optional.of(e.step());
            case StepFailed e -> java.util.Optional.of(e.step());
            case StepSkipped e -> java.util.Optional.of(e.step());
            case StepBlocked e -> java.util.Optional.of(e.step());
            case StepCancelled e -> java.util.Optional.of(e.step());
            case RunStarted e -> java.util.Optional.empty();
            case RunFinished e -> java.util.Optional.empty();
        };
    }
}
