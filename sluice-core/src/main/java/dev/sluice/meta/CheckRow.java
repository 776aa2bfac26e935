package dev.sluice.meta;

import dev.sluice.api.Check;

import java.util.Objects;
import java.util.Optional;

/**
 * One check result of a step run: a {@code checks:} gate on a metric, or a check the step reported itself.
 *
 * @param observed     the value, when it is a number; empty when the step did not report the metric
 * @param observedText what a step's own check saw, as it says it; empty for a gate
 * @param details      more for a reader (which rows fail); empty for none
 * @param severity     what a failure does: {@code ERROR} fails the step, {@code WARN} only shows
 */
public record CheckRow(String name, boolean passed, Optional<Double> observed, String expected,
                       Optional<String> observedText, String details, Check.Severity severity) {
    public CheckRow {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(observed, "observed");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(observedText, "observedText");
        details = details == null ? "" : details;
        Objects.requireNonNull(severity, "severity");
    }

    /** A gate's result: no text, no details, severity error. */
    public CheckRow(String name, boolean passed, Optional<Double> observed, String expected) {
        this(name, passed, observed, expected, Optional.empty(), "", Check.Severity.ERROR);
    }
}
