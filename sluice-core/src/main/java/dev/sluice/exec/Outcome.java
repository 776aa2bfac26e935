package dev.sluice.exec;

import dev.sluice.api.CheckResult;

import java.util.List;
import java.util.Map;

/** How one attempt of a step ended, as the runners report it to the dispatcher. */
sealed interface Outcome {
    /** The step ran and every check passed. */
    record Succeeded(Map<String, Object> outputs, Map<String, Double> metrics, List<CheckResult> checks) implements Outcome {}

    /**
     * The step failed; {@code gate} when it ran fine but a check failed (never retried). Outputs and metrics
     * are kept for the record (a gate failure still shows what the step measured).
     */
    record Failed(String reason, boolean gate, Map<String, Object> outputs, Map<String, Double> metrics,
                  List<CheckResult> checks) implements Outcome {
        static Failed of(String reason) {
            return new Failed(reason, false, Map.of(), Map.of(), List.of());
        }
    }

    /** The step did not run: its {@code when:} was false or a required input's producer was skipped. */
    record Skipped(String reason) implements Outcome {}

    /** The step's results came from an earlier step run with the same cache key. */
    record Cached(Journal.Hit hit) implements Outcome {}

    /**
     * An {@code approve} step started and waits for a decision; {@code begun} is its attempt's record. The dispatcher
     * parks it ({@link ApprovalWaits}) and frees its slots.
     */
    record Waiting(java.util.Optional<StepRecord> begun) implements Outcome {}

    /** The run was cancelled while the step ran or before it started. */
    record Cancelled() implements Outcome {}
}
