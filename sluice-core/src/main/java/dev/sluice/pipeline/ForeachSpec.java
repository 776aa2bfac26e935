package dev.sluice.pipeline;

import java.util.Objects;

/**
 * A fan-out decided at run time ({@code foreach:} on a step): one instance of the step per element of a JSON list that
 * an upstream step gives as a {@code value} output, named by the element ({@code train[region=eu]}), the element bound
 * as the matrix value {@code as} ({@code ${matrix.region}}, a component parameter of that name, {@code
 * SLUICE_PARAM_REGION}). Immutable.
 *
 * <pre>{@code
 * train: {run: [python3, train.py, "${matrix.region}"], foreach: {from: list_regions.regions, as: region, max: 50}}
 * }</pre>
 *
 * @param from the upstream output, {@code STEP.OUTPUT}
 * @param as   the name the element is bound to; {@value #DEFAULT_AS} by default
 * @param max  at most this many elements; a longer list fails the step saying so ({@value #DEFAULT_MAX} by default)
 */
public record ForeachSpec(String from, String as, int max) {
    public static final String DEFAULT_AS = "item";
    public static final int DEFAULT_MAX = 1000;
    /** The largest {@code max:} accepted: every instance is a step of the run, with a folder of its own. */
    public static final int MAX_MAX = 100_000;

    public ForeachSpec {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(as, "as");
    }

    /** Over {@code from} ({@code STEP.OUTPUT}), each element bound as {@code item}, at most 1000. */
    public static ForeachSpec over(String from) {
        return new ForeachSpec(from, DEFAULT_AS, DEFAULT_MAX);
    }

    /** The producing step's name. */
    public String step() {
        int dot = from.indexOf('.');
        return dot < 0 ? from : from.substring(0, dot);
    }

    /** The producing step's output. */
    public String output() {
        int dot = from.indexOf('.');
        return dot < 0 ? "" : from.substring(dot + 1);
    }
}
