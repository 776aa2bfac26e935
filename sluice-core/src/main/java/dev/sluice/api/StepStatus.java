package dev.sluice.api;

import java.util.Locale;

/**
 * The state of one step instance in a run, live and as recorded. {@code PENDING}, {@code RUNNING} and {@code WAITING}
 * are live states; the others are final. {@code WAITING}: an {@code approve} step waits for a person's decision,
 * holding no worker slot. {@code CACHED}: its outputs were reused from the step run named by its cache source (so it
 * never counts as a cache source itself). {@code BLOCKED}: an upstream step failed, so this one did not run.
 * {@code SKIPPED}: its {@code when:} was false (or a required input's producer was skipped).
 */
public enum StepStatus {
    PENDING, RUNNING, SUCCEEDED, FAILED, CACHED, SKIPPED, BLOCKED, CANCELLED, WAITING;

    /** The lower-case label stored in the database and shown to users. */
    public String label() { return name().toLowerCase(Locale.ROOT); }

    /** The state for a stored label; fails on a label this version does not know. */
    public static StepStatus ofLabel(String label) { return valueOf(label.toUpperCase(Locale.ROOT)); }

    /** True for the states a step ends in: every state but {@code PENDING}, {@code RUNNING} and {@code WAITING}. */
    public boolean isFinal() { return this != PENDING && this != RUNNING && this != WAITING; }
}
