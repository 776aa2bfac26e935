package dev.sluice.api;

import java.util.Objects;

/**
 * The outcome of a check a step evaluated itself, such as a data expectation ({@code age <= 120} on every row),
 * reported with {@link StepContext#check}. It is recorded and shown like a {@code checks:} gate on the step's
 * metrics: in the run summary, {@code sluice show}, {@code --json} and the HTML report. A failed check of severity
 * {@link Severity#ERROR} fails the step as a gate does (not a crash: no stack trace, no retry, dependents blocked);
 * a failed {@link Severity#WARN} check is recorded and shown, and the step succeeds. Immutable.
 *
 * <pre>{@code
 * ctx.check(new Check("age.max", false, "<= 120", "150", "3 of 7,043 rows fail, e.g. rows 17, 230, 981", Check.Severity.ERROR));
 * }</pre>
 *
 * @param name     unique among the step's checks, e.g. {@code age.max}
 * @param expected what should hold, e.g. {@code <= 120}
 * @param observed what was seen, e.g. {@code 150} or {@code other values [Maybe]}
 * @param details  more for a reader, e.g. which rows fail; empty for none
 */
public record Check(String name, boolean passed, String expected, String observed, String details, Severity severity) {
    public Check {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(observed, "observed");
        details = details == null ? "" : details;
        Objects.requireNonNull(severity, "severity");
        if (name.isBlank()) throw new IllegalArgumentException("a check needs a name");
    }

    /** What a failed check does to its step. */
    public enum Severity {
        /** The step fails, as a gate. */
        ERROR,
        /** The failure is recorded and shown; the step goes on. */
        WARN;

        /** {@code error} or {@code warn}, as pipelines and JSON write it. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Whether this check stops its step: failed, with severity {@link Severity#ERROR}. */
    public boolean blocks() {
        return !passed && severity == Severity.ERROR;
    }
}
