package dev.sluice.meta;

import java.util.Locale;

/**
 * The state of a step run as stored. {@code CACHED}: its outputs were reused from the step run named by
 * its cache source, so it never counts as a cache source itself.
 */
public enum StepState {
    PENDING, RUNNING, SUCCEEDED, FAILED, CACHED, SKIPPED, BLOCKED, CANCELLED;

    /** The lower-case label stored in the database and shown to users. */
    public String label() { return name().toLowerCase(Locale.ROOT); }

    /** The state for a stored label; fails on a label this version does not know. */
    public static StepState ofLabel(String label) { return valueOf(label.toUpperCase(Locale.ROOT)); }
}
