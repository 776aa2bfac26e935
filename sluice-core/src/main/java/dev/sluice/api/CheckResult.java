package dev.sluice.api;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one check of a step, live and as recorded: a {@code checks:} gate on a metric, or a check the step
 * reported itself ({@link Check}, e.g. a data expectation). Immutable.
 *
 * @param observed     the metric's value (empty when the step did not report it), or a step check's value when it
 *                     is a number
 * @param observedText what a step check saw, as it says it; empty for a gate
 * @param details      more for a reader (which rows fail); empty for none
 * @param severity     what a failure does: {@code ERROR} fails the step, {@code WARN} only shows
 */
public record CheckResult(String name, boolean passed, Optional<Double> observed, String expected,
                          Optional<String> observedText, String details, Check.Severity severity) {
    public CheckResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(observed, "observed");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(observedText, "observedText");
        details = details == null ? "" : details;
        Objects.requireNonNull(severity, "severity");
    }

    /** A {@code checks:} gate's outcome: no text, no details, severity error. */
    public CheckResult(String name, boolean passed, Optional<Double> observed, String expected) {
        this(name, passed, observed, expected, Optional.empty(), "", Check.Severity.ERROR);
    }

    /** A check the step reported. */
    public static CheckResult of(Check c) {
        return new CheckResult(c.name(), c.passed(), number(c.observed()), c.expected(), Optional.of(c.observed()),
                c.details(), c.severity());
    }

    /** Whether this result fails its step. */
    public boolean blocks() {
        return !passed && severity == Check.Severity.ERROR;
    }

    /** The observed value as shown: the step's text, the metric's number (whole numbers without a point), or {@code not reported}. */
    public String shownObserved() {
        return observedText.orElseGet(() -> observed.map(CheckResult::number).orElse("not reported"));
    }

    private static String number(double d) {
        return d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
    }

    private static Optional<Double> number(String text) {
        try {
            double d = Double.parseDouble(text.strip());
            return Double.isFinite(d) ? Optional.of(d) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
