package dev.sluice.pipeline;

import java.util.List;
import java.util.Objects;

/**
 * The trials of one swept step in a validated {@link Pipeline}: what was searched and the instance names of the
 * trials, in trial order ({@code gbdt[trial=1]}, ...). Each trial's drawn values are its node's
 * {@link StepNode#matrixValues()}. Immutable.
 *
 * @param step the swept step's name ({@code gbdt}, or {@code features/gbdt} inside a used pipeline)
 */
public record SweepTrials(String step, SweepSpec sweep, List<String> trials) {
    public SweepTrials {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(sweep, "sweep");
        trials = List.copyOf(trials);
    }

    /** The same trials under another name, for a step of a used pipeline ({@code features/}). */
    SweepTrials prefixed(String prefix) {
        return new SweepTrials(prefix + step, sweep, trials.stream().map(t -> prefix + t).toList());
    }
}
