package dev.sluice.meta;

import java.util.Objects;
import java.util.Optional;

/** One check result of a step run: observed is empty when the step did not report the value. */
public record CheckRow(String name, boolean passed, Optional<Double> observed, String expected) {
    public CheckRow {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(observed, "observed");
        Objects.requireNonNull(expected, "expected");
    }
}
