package dev.sluice.exec;

import java.util.Optional;

/** The outcome of one {@code checks:} gate: observed is empty when the step did not report the metric. */
public record CheckResult(String name, boolean passed, Optional<Double> observed, String expected) {}
