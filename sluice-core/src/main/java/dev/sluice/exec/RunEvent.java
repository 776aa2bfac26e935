package dev.sluice.exec;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Something that happened in a run, in the order it happened for each step. In a recorded run (one with a
 * {@link Workspace}) every step event carries the step's {@link StepRecord}: what the metadata store keeps of it, the
 * same object the recorder commits; events made elsewhere (the server's replay of a stream) carry none.
 */
public sealed interface RunEvent {
    String runId();

    Instant at();

    record RunStarted(String runId, Instant at, String pipeline, List<String> steps) implements RunEvent {}

    record StepStarted(String runId, Instant at, String step, int attempt, Optional<StepRecord> record) implements RunEvent {
        public StepStarted(String runId, Instant at, String step, int attempt) {
            this(runId, at, step, attempt, Optional.empty());
        }
    }

    /** An attempt failed and the step runs again after {@code delay}; the record is the failed attempt's. */
    record StepRetrying(String runId, Instant at, String step, int failedAttempt, Duration delay, String reason,
                        Optional<StepRecord> record) implements RunEvent {
        public StepRetrying(String runId, Instant at, String step, int failedAttempt, Duration delay, String reason) {
            this(runId, at, step, failedAttempt, delay, reason, Optional.empty());
        }
    }

    /**
     * An {@code approve} step waits for a decision, holding no worker slot; it ends when someone decides or its
     * {@code timeout} (if any) rejects it. The record is its attempt's, marked waiting.
     */
    record StepWaiting(String runId, Instant at, String step, Optional<Duration> timeout, Optional<StepRecord> record)
            implements RunEvent {}

    record StepSucceeded(String runId, Instant at, String step, Duration duration, Optional<StepRecord> record)
            implements RunEvent {
        public StepSucceeded(String runId, Instant at, String step, Duration duration) {
            this(runId, at, step, duration, Optional.empty());
        }
    }

    record StepCached(String runId, Instant at, String step, String sourceRun, Optional<StepRecord> record) implements RunEvent {
        public StepCached(String runId, Instant at, String step, String sourceRun) {
            this(runId, at, step, sourceRun, Optional.empty());
        }
    }

    record StepFailed(String runId, Instant at, String step, Duration duration, String reason, Optional<StepRecord> record)
            implements RunEvent {
        public StepFailed(String runId, Instant at, String step, Duration duration, String reason) {
            this(runId, at, step, duration, reason, Optional.empty());
        }
    }

    record StepSkipped(String runId, Instant at, String step, String reason, Optional<StepRecord> record) implements RunEvent {
        public StepSkipped(String runId, Instant at, String step, String reason) {
            this(runId, at, step, reason, Optional.empty());
        }
    }

    record StepBlocked(String runId, Instant at, String step, String blockedBy, Optional<StepRecord> record)
            implements RunEvent {
        public StepBlocked(String runId, Instant at, String step, String blockedBy) {
            this(runId, at, step, blockedBy, Optional.empty());
        }
    }

    record StepCancelled(String runId, Instant at, String step, Optional<StepRecord> record) implements RunEvent {
        public StepCancelled(String runId, Instant at, String step) {
            this(runId, at, step, Optional.empty());
        }
    }

    record RunFinished(String runId, Instant at, RunResult result) implements RunEvent {}

    /** The step an event is about, or empty for run-level events. */
    default Optional<String> stepName() {
        return switch (this) {
            case StepStarted e -> Optional.of(e.step());
            case StepRetrying e -> Optional.of(e.step());
            case StepWaiting e -> Optional.of(e.step());
            case StepSucceeded e -> Optional.of(e.step());
            case StepCached e -> Optional.of(e.step());
            case StepFailed e -> Optional.of(e.step());
            case StepSkipped e -> Optional.of(e.step());
            case StepBlocked e -> Optional.of(e.step());
            case StepCancelled e -> Optional.of(e.step());
            case RunStarted e -> Optional.empty();
            case RunFinished e -> Optional.empty();
        };
    }
}
