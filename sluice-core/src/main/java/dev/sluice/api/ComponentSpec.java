package dev.sluice.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The contract of a component: name, version, typed inputs, outputs and parameters, the dependencies between its
 * parameters ({@link ParamRule}) and the metrics it reports ({@link MetricSpec}). The version takes part in cache keys:
 * bump it when the component's behaviour changes. Validation checks steps against all of it, and {@code sluice
 * components} and the components reference are generated from it, so it is the one place a component is described.
 *
 * <pre>{@code
 * ComponentSpec.builder("split", "1")
 *         .description("Splits a table into train and test.")
 *         .input("data", PortKind.TABLE).output("train", PortKind.TABLE).output("test", PortKind.TABLE)
 *         .param(ParamSpec.of("method", ParamType.ENUM, "random").withAllowed(List.of("random", "time"))
 *                 .withDoc("how rows are assigned"))
 *         .param(new ParamSpec("time_column", ParamType.STRING, ...).withDoc("column ordering rows in time"))
 *         .rule(ParamRule.requiredWhen("time_column", "method", "time"))
 *         .metric("train_rows", "rows in train").metric("test_rows", "rows in test")
 *         .build();
 * }</pre>
 *
 * @param rules   dependencies between parameters, each over declared parameters
 * @param metrics the metrics the component reports (names, or patterns with {@code *}); empty when the component does
 *                not declare them, and then {@code checks:} on it are not checked before the run. A present empty list
 *                declares that it reports none.
 */
public record ComponentSpec(String name, String version, String description, List<PortSpec> inputs,
                            List<PortSpec> outputs, List<ParamSpec> params, List<ParamRule> rules,
                            Optional<List<MetricSpec>> metrics) {
    public ComponentSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        description = description == null ? "" : description;
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        params = List.copyOf(params);
        rules = rules == null ? List.of() : List.copyOf(rules);
        metrics = metrics == null ? Optional.empty() : metrics.map(List::copyOf);
        for (ParamRule rule : rules) {
            for (String p : rule.params()) {
                if (params.stream().noneMatch(q -> q.name().equals(p))) {
                    throw new IllegalArgumentException("component " + name + ": rule '" + rule.describe()
                            + "' reads parameter '" + p + "', which it does not declare");
                }
            }
        }
    }

    /** A spec without parameter rules and without declared metrics. */
    public ComponentSpec(String name, String version, String description, List<PortSpec> inputs,
                         List<PortSpec> outputs, List<ParamSpec> params) {
        this(name, version, description, inputs, outputs, params, List.of(), Optional.empty());
    }

    /**
     * True when the component may report {@code metric}: it declares it (by name or pattern), or it declares no
     * metrics at all.
     */
    public boolean reportsMetric(String metric) {
        return metrics.map(list -> list.stream().anyMatch(m -> m.matches(metric))).orElse(true);
    }

    public Optional<PortSpec> input(String name) {
        for (PortSpec p : inputs) {
            if (p.name().equals(name)) return Optional.of(p); // a loop: the validator asks this for every port of every step
        }
        return Optional.empty();
    }

    public Optional<PortSpec> output(String name) {
        for (PortSpec p : outputs) {
            if (p.name().equals(name)) return Optional.of(p); // a loop: the validator asks this for every port of every step
        }
        return Optional.empty();
    }

    public Optional<ParamSpec> param(String name) {
        for (ParamSpec p : params) {
            if (p.name().equals(name)) return Optional.of(p); // a loop: the validator asks this for every port of every step
        }
        return Optional.empty();
    }

    public static Builder builder(String name, String version) {
        return new Builder(name, version);
    }

    /** Builds a {@link ComponentSpec}; not thread-safe. */
    public static final class Builder {
        private final String name;
        private final String version;
        private String description = "";
        private final List<PortSpec> inputs = new ArrayList<>();
        private final List<PortSpec> outputs = new ArrayList<>();
        private final List<ParamSpec> params = new ArrayList<>();
        private final List<ParamRule> rules = new ArrayList<>();
        private List<MetricSpec> metrics;

        private Builder(String name, String version) {
            this.name = name;
            this.version = version;
        }

        public Builder description(String text) { this.description = text; return this; }
        public Builder input(String port, PortKind kind) { inputs.add(PortSpec.of(port, kind)); return this; }
        public Builder optionalInput(String port, PortKind kind) { inputs.add(new PortSpec(port, kind, false, true, "")); return this; }
        public Builder manyInput(String port, PortKind kind) { inputs.add(new PortSpec(port, kind, true, false, "")); return this; }
        public Builder input(PortSpec port) { inputs.add(port); return this; }
        public Builder output(String port, PortKind kind) { outputs.add(PortSpec.of(port, kind)); return this; }
        /** An input with a one-line doc. */
        public Builder input(String port, PortKind kind, String doc) { inputs.add(new PortSpec(port, kind, false, false, doc)); return this; }
        /** An output with a one-line doc. */
        public Builder output(String port, PortKind kind, String doc) { outputs.add(new PortSpec(port, kind, false, false, doc)); return this; }
        public Builder param(ParamSpec param) { params.add(param); return this; }
        public Builder param(String param, ParamType type) { params.add(ParamSpec.of(param, type)); return this; }
        public Builder param(String param, ParamType type, Object defaultValue) { params.add(ParamSpec.of(param, type, defaultValue)); return this; }

        /** Declares a dependency between parameters (declared before or after it). */
        public Builder rule(ParamRule rule) { rules.add(rule); return this; }

        /** Declares a metric the component reports; {@code name} may be a pattern with {@code *}, e.g. {@code baseline.*}. */
        public Builder metric(String metric, String doc) {
            if (metrics == null) metrics = new ArrayList<>();
            metrics.add(new MetricSpec(metric, doc));
            return this;
        }

        /** Declares that the component reports no metrics (so a check on one is an error). */
        public Builder noMetrics() {
            if (metrics == null) metrics = new ArrayList<>();
            return this;
        }

        public ComponentSpec build() {
            return new ComponentSpec(name, version, description, inputs, outputs, params, rules, Optional.ofNullable(metrics));
        }
    }
}
