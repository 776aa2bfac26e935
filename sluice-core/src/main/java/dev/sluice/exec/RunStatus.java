package dev.sluice.exec;

import java.util.Locale;

/** How a run ended. {@code BLOCKED}: only check gates failed; {@code FAILED}: some step failed. */
public enum RunStatus {
    SUCCEEDED, FAILED, CANCELLED, BLOCKED;

    public String label() { return name().toLowerCase(Locale.ROOT); }
}
