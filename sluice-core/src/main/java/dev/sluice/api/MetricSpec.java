package dev.sluice.api;

import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.regex.Pattern;

/**
 * A metric a component reports, declared in its {@link ComponentSpec} so that {@code sluice validate} catches a
 * {@code checks:} entry (or a {@code ${steps.S.metrics.M}} reference) on a metric the component never reports. A name
 * with {@code *} stands for metrics reported under names only known at run time: {@code baseline.*},
 * {@code *_gain}; {@code *} matches any characters, dots included. Immutable.
 *
 * @param name the metric's name, or a pattern with {@code *}
 * @param doc  one line for people: what it measures, its unit
 */
public record MetricSpec(String name, String doc) {
    public MetricSpec {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) throw new IllegalArgumentException("a metric needs a name");
        doc = doc == null ? "" : doc;
    }

    /** True for a name with {@code *}, which stands for several metrics. */
    public boolean isPattern() {
        return name.indexOf('*') >= 0;
    }

    /** True when {@code metric} is this metric, or one this pattern stands for. */
    public boolean matches(String metric) {
        if (!isPattern()) return name.equals(metric);
        String regex = Arrays.stream(name.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*"));
        return Pattern.matches(regex, metric);
    }
}
