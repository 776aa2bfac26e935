package dev.sluice.api;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one {@code checks:} gate of a step, live and as recorded: {@code observed} is empty when the step did
 * not report the metric. Immutable.
 */
public record CheckResult(String name, boolean passed, Optional<Double> observed, String expected) {
    public CheckResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(observed, "observed");
        Objects.requireNonNull(expected, "expected");
    }
}
