package dev.sluice.server.serving;

import dev.sluice.monitor.DriftReport;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A drift check of a served model that found drift: which model, the stored report, the drifted features, and what the
 * retraining policy did about it. Immutable.
 *
 * @param served    the served model ({@code elec2@champion})
 * @param report    the report, as stored
 * @param artifact  the report's artifact id ({@code sha256:...}); {@code GET /api/v1/drift-reports/{id}}
 * @param at        when the check ran
 * @param action    {@code retraining} (a run was queued), {@code suppressed} (the policy said no: in flight, cooldown,
 *                  duplicate), {@code alarm_only} (no retraining pipeline), {@code failed} (it could not be queued)
 * @param detail    one line for people: the policy's reason, or the error
 * @param runId     the retraining run, when one was queued
 * @param repeated  the same drift (model version, reference, drifted features) as this served model's previous alarm:
 *                  a check keeps finding drift until a new version serves, so a notifier may say it once
 */
public record DriftAlarm(String served, DriftReport report, String artifact, Instant at, String action, String detail,
                         Optional<String> runId, boolean repeated) {
    public static final String RETRAINING = "retraining";
    public static final String SUPPRESSED = "suppressed";
    public static final String ALARM_ONLY = "alarm_only";
    public static final String FAILED = "failed";

    public DriftAlarm {
        Objects.requireNonNull(served, "served");
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(artifact, "artifact");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(runId, "runId");
    }

    /** The features that drifted. */
    public List<String> drifted() {
        return report.drifted();
    }

    /** {@code elec2@1 drifted on vicprice, transfer}. */
    public String describe() {
        return report.model() + report.version().map(v -> "@" + v).orElse("") + " drifted on " + String.join(", ", report.drifted());
    }
}
