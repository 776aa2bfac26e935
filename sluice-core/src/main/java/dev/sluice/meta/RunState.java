package dev.sluice.meta;

import java.util.Locale;

/**
 * The state of a run as stored. {@code INTERRUPTED} is never written: it is what the read side reports
 * for a {@code RUNNING} run whose process is gone (see {@link MetadataQueries}). {@code QUEUED}: a run that
 * {@code sluice server} accepted and has not started yet (its id exists; the executor starts it under that id).
 */
public enum RunState {
    RUNNING, SUCCEEDED, FAILED, CANCELLED, BLOCKED, INTERRUPTED, QUEUED;

    /** The lower-case label stored in the database and shown to users. */
    public String label() { return name().toLowerCase(Locale.ROOT); }

    /** The state for a stored label; fails on a label this version does not know. */
    public static RunState ofLabel(String label) { return valueOf(label.toUpperCase(Locale.ROOT)); }
}
