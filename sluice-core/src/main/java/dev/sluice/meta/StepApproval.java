package dev.sluice.meta;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The decision on an {@code approve} step of a run, as the workspace database keeps it ({@code step_approvals}).
 *
 * @param runId    the run
 * @param step     the approve step's instance name
 * @param approved true when approved, false when rejected
 * @param by       who decided: a user name, or {@link #TIMEOUT} when the step's {@code timeout:} expired
 * @param at       when (kept to the millisecond, as stored)
 * @param comment  what the decider wrote, if anything
 */
public record StepApproval(String runId, String step, boolean approved, String by, Instant at, Optional<String> comment) {
    /** The decider recorded when a step's {@code timeout:} rejected it. */
    public static final String TIMEOUT = "timeout";

    public StepApproval {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(comment, "comment");
        at = at.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    /** {@code approved} or {@code rejected}, as stored and shown. */
    public String decision() {
        return approved ? "approved" : "rejected";
    }

    /** One line for people: {@code approved by alice at 2026-12-07T10:15:00Z: looks fine}. */
    public String describe() {
        return decision() + " by " + by + " at " + at + comment.map(c -> ": " + c).orElse("");
    }
}
