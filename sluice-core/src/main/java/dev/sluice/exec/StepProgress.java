package dev.sluice.exec;

import dev.sluice.api.CheckResult;
import dev.sluice.api.StepStatus;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the executor knows about one step instance during a run. Mutable; every field is written under the
 * dispatcher's lock, or by the worker that owns the running attempt before it reports to the dispatcher
 * under that lock, which publishes it to the threads that run dependents.
 */
final class StepProgress {
    StepStatus status = StepStatus.PENDING;
    int attempts;
    Instant started;
    Instant ended;
    Attempt running;
    /** The slots its running attempt holds: its own, or none for a member of a group but the first ({@link StepGroups}). */
    int held;
    Map<String, Object> outputs = Map.of();
    /** Output port to artifact id, once the outputs are in the store (empty without a workspace). */
    Map<String, String> outputIds = Map.of();
    Map<String, Double> metrics = Map.of();
    List<CheckResult> checks = List.of();
    String error;
    boolean gate;
    Path log;
    /**
     * The record of the attempt that just ended (or of the step's end without an attempt), left by the worker for the
     * step's final event; empty in a run that records nothing. The dispatcher takes it.
     */
    Optional<StepRecord> record = Optional.empty();

    /** True for a trial of a sweep that the median rule stopped while it ran ({@code early_stop: {median: ...}}). */
    boolean stoppedTrial() {
        return (status == StepStatus.SUCCEEDED || status == StepStatus.CACHED) && dev.sluice.pipeline.MedianStopping.stopped(metrics);
    }

    /** Keeps what the step's attempt left, as it ends. */
    void end(Map<String, Object> outputs, Map<String, Double> metrics, List<CheckResult> checks, String error, Instant now) {
        this.outputs = outputs;
        this.metrics = metrics;
        this.checks = checks;
        this.error = error;
        this.ended = now;
    }

    StepResult toResult(String name) {
        Duration d = started == null || ended == null ? Duration.ZERO : Duration.between(started, ended);
        return new StepResult(name, status, Optional.ofNullable(started), d, attempts, outputs, metrics, checks,
                Optional.ofNullable(error), Optional.ofNullable(log));
    }
}
