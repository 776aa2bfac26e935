package dev.sluice.pipeline;

import dev.sluice.api.Component;
import dev.sluice.api.MetricSpec;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks that a metric named by a {@code checks:} entry or a {@code ${steps.S.metrics.M}} reference is one the
 * component declares ({@link dev.sluice.api.ComponentSpec#metrics()}), and words the hint: a close name, then every
 * metric it reports. Components that declare no metrics are not checked. Stateless.
 */
final class ReportedMetrics {
    private ReportedMetrics() {
    }

    /** A metric the component never reports: what to say and what to do. */
    record Unknown(String message, String hint) {}

    /** The problem's message and hint when {@code component} never reports {@code metric}; empty when it may. */
    static Optional<Unknown> unknown(Component component, String metric) {
        if (component.spec().reportsMetric(metric)) return Optional.empty();
        List<MetricSpec> declared = component.spec().metrics().orElseThrow();
        String name = component.spec().name();
        String message = "component '" + name + "' never reports metric '" + metric + "'";
        if (declared.isEmpty()) return Optional.of(new Unknown(message, "It reports no metrics."));
        List<String> plain = declared.stream().filter(m -> !m.isPattern()).map(MetricSpec::name).toList();
        List<String> patterns = declared.stream().filter(MetricSpec::isPattern).map(MetricSpec::name).toList();
        StringBuilder hint = new StringBuilder();
        suggestion(metric, plain).ifPresent(s -> hint.append(s).append(' '));
        hint.append("It reports ");
        if (!plain.isEmpty()) hint.append(String.join(", ", plain));
        if (!patterns.isEmpty()) hint.append(plain.isEmpty() ? "" : ", and ").append("metrics named ").append(String.join(", ", patterns));
        return Optional.of(new Unknown(message, hint.append('.').toString()));
    }

    /** Close names by spelling, then names the metric contains or is contained in ({@code roc_auc} and {@code auc}). */
    private static Optional<String> suggestion(String metric, List<String> names) {
        Set<String> close = new LinkedHashSet<>(Suggestions.closest(metric, names));
        for (String n : names) {
            if (n.length() >= 2 && (metric.contains(n) || n.contains(metric)) && close.size() < 3) close.add(n);
        }
        return Suggestions.phrase(List.copyOf(close));
    }
}
