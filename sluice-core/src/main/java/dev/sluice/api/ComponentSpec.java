package dev.sluice.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The contract of a component: name, version, typed inputs, outputs and parameters. The version
 * takes part in cache keys: bump it when the component's behaviour changes.
 */
public record ComponentSpec(String name, String version, String description, List<PortSpec> inputs,
                            List<PortSpec> outputs, List<ParamSpec> params) {
    public ComponentSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        description = description == null ? "" : description;
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        params = List.copyOf(params);
    }

    public Optional<PortSpec> input(String name) {
        return inputs.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public Optional<PortSpec> output(String name) {
        return outputs.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public Optional<ParamSpec> param(String name) {
        return params.stream().filter(p -> p.name().equals(name)).findFirst();
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
        public Builder param(ParamSpec param) { params.add(param); return this; }
        public Builder param(String param, ParamType type) { params.add(ParamSpec.of(param, type)); return this; }
        public Builder param(String param, ParamType type, Object defaultValue) { params.add(ParamSpec.of(param, type, defaultValue)); return this; }

        public ComponentSpec build() {
            return new ComponentSpec(name, version, description, inputs, outputs, params);
        }
    }
}
