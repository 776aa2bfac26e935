package dev.sluice.monitor;

import java.util.Locale;

/** The verdict on one feature or on the whole window; {@code SKIPPED} when a feature could not be compared. */
public enum DriftStatus {
    OK, WARNING, DRIFT, SKIPPED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
