package dev.sluice.api;

import java.util.Locale;

/**
 * The state of a run. A run the executor ends is {@code SUCCEEDED}, {@code FAILED} (some step failed),
 * {@code BLOCKED} (only check gates failed) or {@code CANCELLED}. Recorded runs may also read {@code QUEUED} (accepted
 * by {@code sluice server}, not started yet: its id exists and the executor starts it under that id),
 * {@code RUNNING}, or {@code INTERRUPTED}: never written, it is what the read side reports for a {@code RUNNING} run
 * whose process is gone.
 */
public enum RunStatus {
    RUNNING, SUCCEEDED, FAILED, CANCELLED, BLOCKED, INTERRUPTED, QUEUED;

    /** The lower-case label stored in the database and shown to users. */
    public String label() { return name().toLowerCase(Locale.ROOT); }

    /** The state for a stored label; fails on a label this version does not know. */
    public static RunStatus ofLabel(String label) { return valueOf(label.toUpperCase(Locale.ROOT)); }

    /** True for the states a run the executor ended is in: succeeded, failed, cancelled or blocked. */
    public boolean isFinal() { return this == SUCCEEDED || this == FAILED || this == CANCELLED || this == BLOCKED; }
}
