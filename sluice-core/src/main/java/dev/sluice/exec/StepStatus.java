package dev.sluice.exec;

import java.util.Locale;

/**
 * The state of one step instance. {@code PENDING} and {@code RUNNING} are live states; the others are final.
 * {@code BLOCKED}: an upstream step failed, so this one did not run. {@code SKIPPED}: its {@code when:}
 * was false (or a required input's producer was skipped).
 */
public enum StepStatus {
    PENDING, RUNNING, SUCCEEDED, FAILED, CACHED, SKIPPED, BLOCKED, CANCELLED;

    public String label() { return name().toLowerCase(Locale.ROOT); }

    public boolean isFinal() { return this != PENDING && this != RUNNING; }
}
