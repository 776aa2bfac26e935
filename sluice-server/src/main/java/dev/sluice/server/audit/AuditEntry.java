package dev.sluice.server.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * One state-changing call as the audit log keeps it. Immutable.
 *
 * @param id      increasing with time; the cursor of {@code GET /api/v1/audit}
 * @param actor   the name of the caller's token ({@code anonymous} when it had none or a bad one)
 * @param action  what was asked, e.g. {@code run.start}, {@code model.promote}, {@code token.create}
 * @param target  what it was asked of, e.g. a pipeline, a run id, {@code churn@champion}
 * @param outcome {@code ok}, {@code denied} (no or bad token, role, host, origin) or {@code failed}
 * @param status  the HTTP status answered
 * @param detail  one line: the run queued, the version promoted, why it failed
 */
public record AuditEntry(long id, Instant at, String actor, String action, String target, String outcome, int status,
                         String detail) {
    public AuditEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
    }
}
